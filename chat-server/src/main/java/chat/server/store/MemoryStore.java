package chat.server.store;

import chat.server.protocol.ChatMessage;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * History kept in memory only ({@code --store none}): the last {@code perRoomCapacity} messages of every room
 * and the last {@code perRoomCapacity} direct messages of every pair of users. Nothing survives a restart;
 * {@link #maxSeqs} reports what is held.
 *
 * <p>A duplicate {@code (room, seq)} is detected among the messages still held (an evicted seq can be
 * appended again), and then nothing of the batch is stored, as with the durable stores.
 *
 * <p><b>Accounts.</b> Also an {@link AccountStore}, in memory only: accounts and sessions vanish on restart
 * (every user must register again), so {@code --store none} suits tests and demos, not real accounts.
 *
 * <p><b>Threading.</b> Thread-safe; never blocks on I/O but follows the store contract (callers treat it as
 * blocking). Mutations ({@link #append}, {@link #deleteOlderThan}, {@link #keepNewest}) are serialized by one
 * lock so a batch is checked and applied atomically; each room and each pair is guarded by its own monitor, so
 * readers only contend with the writer on the room they read.
 */
public final class MemoryStore implements HistoryStore, Retention, AccountStore {

    private final int capacity;
    private final ConcurrentHashMap<String, Ring> rooms = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, ArrayDeque<DirectMessage>> pairs = new ConcurrentHashMap<>();
    private final ReentrantLock writeLock = new ReentrantLock();
    private final AtomicLong directIds = new AtomicLong();
    private final ConcurrentHashMap<String, Account> accounts = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, StoredSession> sessions = new ConcurrentHashMap<>();

    /** One room's last messages by seq; guarded by its own monitor. */
    private static final class Ring {
        final TreeMap<Long, ChatMessage> bySeq = new TreeMap<>();
    }

    /**
     * @param perRoomCapacity how many messages to keep per room (and direct messages per pair); at least 1
     */
    public MemoryStore(int perRoomCapacity) {
        if (perRoomCapacity < 1) {
            throw new IllegalArgumentException("memory store capacity must be at least 1, got " + perRoomCapacity);
        }
        this.capacity = perRoomCapacity;
    }

    @Override
    public void append(List<ChatMessage> messages, List<DirectMessage> directs) throws StoreException {
        JdbcHistory.checkBatch(messages, directs);
        writeLock.lock();
        try {
            Map<String, Set<Long>> seen = new HashMap<>();
            for (ChatMessage m : messages) {
                if (m.room() == null || m.from() == null || m.text() == null) {
                    throw new StoreException("memory: append failed, nothing of this batch was stored:"
                            + " a message has a null room, sender or text");
                }
                Ring ring = rooms.get(m.room());
                boolean held;
                if (ring == null) {
                    held = false;
                } else {
                    synchronized (ring) {
                        held = ring.bySeq.containsKey(m.seq());
                    }
                }
                if (held || !seen.computeIfAbsent(m.room(), r -> new HashSet<>()).add(m.seq())) {
                    throw new StoreException("memory: append of " + messages.size() + " messages and "
                            + directs.size() + " directs failed, nothing of this batch was stored: a message"
                            + " with the same (room, seq) is already stored or repeated in the batch ("
                            + m.room() + ", " + m.seq() + ")");
                }
            }
            for (DirectMessage d : directs) {
                if (d.from() == null || d.to() == null || d.text() == null) {
                    throw new StoreException("memory: append failed, nothing of this batch was stored:"
                            + " a direct message has a null sender, recipient or text");
                }
            }
            for (ChatMessage m : messages) {
                Ring ring = rooms.computeIfAbsent(m.room(), r -> new Ring());
                synchronized (ring) {
                    ring.bySeq.put(m.seq(), m);
                    if (ring.bySeq.size() > capacity) {
                        ring.bySeq.pollFirstEntry();
                    }
                }
            }
            for (DirectMessage d : directs) {
                DirectMessage stored = new DirectMessage(directIds.incrementAndGet(), d.ts(), d.from(), d.to(),
                        d.text());
                ArrayDeque<DirectMessage> pair = pairs.computeIfAbsent(pairKey(d.from(), d.to()),
                        k -> new ArrayDeque<>());
                synchronized (pair) {
                    pair.addLast(stored);
                    if (pair.size() > capacity) {
                        pair.removeFirst();
                    }
                }
            }
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public int deleteOlderThan(long tsMillis) {
        writeLock.lock();
        try {
            int n = 0;
            for (Ring ring : rooms.values()) {
                synchronized (ring) {
                    Long newest = ring.bySeq.isEmpty() ? null : ring.bySeq.lastKey();
                    Iterator<ChatMessage> it = ring.bySeq.values().iterator();
                    while (it.hasNext()) {
                        ChatMessage m = it.next();
                        if (m.ts() < tsMillis && m.seq() != newest) {
                            it.remove();
                            n++;
                        }
                    }
                }
            }
            for (ArrayDeque<DirectMessage> pair : pairs.values()) {
                synchronized (pair) {
                    int before = pair.size();
                    pair.removeIf(d -> d.ts() < tsMillis);
                    n += before - pair.size();
                }
            }
            return n;
        } finally {
            writeLock.unlock();
        }
    }

    /** {@inheritDoc} Trims each room's ring below its capacity; direct messages keep their own per-pair bound. */
    @Override
    public int keepNewest(int perRoom) {
        JdbcHistory.checkPerRoom(perRoom);
        writeLock.lock();
        try {
            int n = 0;
            for (Ring ring : rooms.values()) {
                synchronized (ring) {
                    while (ring.bySeq.size() > perRoom) {
                        ring.bySeq.pollFirstEntry();
                        n++;
                    }
                }
            }
            return n;
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public Map<String, Long> maxSeqs() {
        Map<String, Long> out = new HashMap<>();
        rooms.forEach((room, ring) -> {
            synchronized (ring) {
                if (!ring.bySeq.isEmpty()) {
                    out.put(room, ring.bySeq.lastKey());
                }
            }
        });
        return out;
    }

    @Override
    public long maxSeq(String room) {
        Ring ring = rooms.get(room);
        if (ring == null) {
            return 0;
        }
        synchronized (ring) {
            return ring.bySeq.isEmpty() ? 0 : ring.bySeq.lastKey();
        }
    }

    @Override
    public List<ChatMessage> before(String room, long before, int limit) {
        Ring ring = rooms.get(room);
        if (ring == null || limit <= 0) {
            return List.of();
        }
        List<ChatMessage> out = new ArrayList<>();
        synchronized (ring) {
            for (ChatMessage m : ring.bySeq.headMap(before, false).descendingMap().values()) {
                if (out.size() == limit) {
                    break;
                }
                out.add(m);
            }
        }
        java.util.Collections.reverse(out);
        return out;
    }

    @Override
    public List<ChatMessage> after(String room, long after, int limit) {
        Ring ring = rooms.get(room);
        if (ring == null || limit <= 0) {
            return List.of();
        }
        List<ChatMessage> out = new ArrayList<>();
        synchronized (ring) {
            for (ChatMessage m : ring.bySeq.tailMap(after, false).values()) {
                if (out.size() == limit) {
                    break;
                }
                out.add(m);
            }
        }
        return out;
    }

    @Override
    public List<DirectMessage> directs(String a, String b, int limit) {
        ArrayDeque<DirectMessage> pair = pairs.get(pairKey(a, b));
        if (pair == null || limit <= 0) {
            return List.of();
        }
        List<DirectMessage> out;
        synchronized (pair) {
            out = new ArrayList<>(pair);
        }
        return out.size() <= limit ? out : new ArrayList<>(out.subList(out.size() - limit, out.size()));
    }

    @Override
    public void createAccount(String name, String passwordHash, long createdMillis) throws StoreException {
        if (accounts.putIfAbsent(AccountStore.nameKey(name), new Account(name, passwordHash)) != null) {
            throw new DuplicateNameException(name);
        }
    }

    @Override
    public Account find(String name) {
        return accounts.get(AccountStore.nameKey(name));
    }

    @Override
    public void saveSession(String tokenHash, String name, long expiresMillis) {
        sessions.put(tokenHash, new StoredSession(tokenHash, name, expiresMillis));
    }

    @Override
    public void deleteSession(String tokenHash) {
        sessions.remove(tokenHash);
    }

    @Override
    public List<StoredSession> liveSessions(long nowMillis) {
        return sessions.values().stream().filter(s -> s.expiresMillis() > nowMillis)
                .sorted(java.util.Comparator.comparingLong(StoredSession::expiresMillis)).toList();
    }

    @Override
    public int deleteExpiredSessions(long nowMillis) {
        int n = 0;
        for (StoredSession s : sessions.values()) {
            if (s.expiresMillis() <= nowMillis && sessions.remove(s.tokenHash(), s)) {
                n++;
            }
        }
        return n;
    }

    @Override
    public String describe() {
        return "memory";
    }

    @Override
    public boolean ping() {
        return true;
    }

    /** Drops everything held. */
    @Override
    public void close() {
        writeLock.lock();
        try {
            rooms.clear();
            pairs.clear();
            accounts.clear();
            sessions.clear();
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public String toString() {
        return "memory (" + capacity + " per room)";
    }

    /** The same key for (a, b) and (b, a); NUL cannot occur in a valid user name. */
    private static String pairKey(String a, String b) {
        return a.compareTo(b) <= 0 ? a + '\0' + b : b + '\0' + a;
    }
}
