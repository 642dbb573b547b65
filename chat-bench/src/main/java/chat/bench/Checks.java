package chat.bench;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Set;
import java.util.regex.Pattern;

/** Eager validation of {@link BenchOptions}, with uniform "name: value (expected: ...)" messages. */
final class Checks {
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,24}");
    private static final Set<String> TRANSPORTS = Set.of("auto", "epoll", "nio");

    private Checks() {
    }

    static URI parseUrl(String url) {
        if (url == null) {
            throw new IllegalArgumentException("url: null (expected: ws://host:port/path)");
        }
        try {
            return new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("url: " + url + " (expected: ws://host:port/path; " + e.getReason() + ")");
        }
    }

    static boolean isLoopback(String host) {
        return host != null && (host.startsWith("127.") || host.equals("localhost") || host.equals("[::1]"));
    }

    static void validate(BenchOptions o) {
        URI u = o.url();
        check("ws".equalsIgnoreCase(u.getScheme()), "url", u, "ws://host:port/path; wss is not supported");
        check(u.getHost() != null, "url", u, "a host, e.g. ws://127.0.0.1:8080/ws");
        check(o.moreServerPids().isEmpty() || o.serverPid() > 0, "also-server-pid", o.moreServerPids(),
                "--server-pid as well (the first node)");
        for (long pid : o.moreServerPids()) {
            check(pid > 0, "also-server-pid", pid, "process ids");
        }
        for (URI more : o.moreUrls()) {
            check("ws".equalsIgnoreCase(more.getScheme()) && more.getHost() != null, "also-url", more, "ws://host:port/path");
        }
        Scenario s = o.scenario();
        int minClients = s == Scenario.CONNECT ? 1 : 2;
        check(o.clients() >= minClients && o.clients() <= 1_000_000, "clients", o.clients(),
                minClients + "-1000000 for " + s.cliName());
        check(o.duration() > 0 && o.duration() <= 86_400, "duration", o.duration(), "> 0 s");
        check(o.warmup() >= 0, "warmup", o.warmup(), ">= 0 s");
        check(o.drain() >= 0 && o.drain() <= 600, "drain", o.drain(), "0-600 s");
        check(o.rate() > 0 && o.rate() <= 10_000_000, "rate", o.rate(), "> 0 msg/s");
        check(o.size() >= BenchOptions.MIN_SIZE && o.size() <= BenchOptions.MAX_SIZE, "size", o.size(),
                BenchOptions.MIN_SIZE + "-" + BenchOptions.MAX_SIZE + " bytes");
        check(o.ramp() > 0, "ramp", o.ramp(), "> 0 connections/s");
        check(o.maxPendingConnects() >= 1, "max-pending", o.maxPendingConnects(), ">= 1");
        check(o.connectTimeout() > 0 && o.connectTimeout() <= 600, "connect-timeout", o.connectTimeout(), "0-600 s");
        check(o.sourceAddresses() >= 0 && o.sourceAddresses() <= 250, "source-addresses", o.sourceAddresses(),
                "0-250; 0 = automatic");
        check(o.sourceAddresses() == 0 || isLoopback(u.getHost()), "source-addresses", o.sourceAddresses(),
                "0 unless the url host is a loopback address (127.x)");
        check(o.warmupHandshakes() >= 0 && o.warmupHandshakes() <= 100_000, "warmup-handshakes",
                o.warmupHandshakes(), "0-100000");
        check(o.threads() >= 0 && o.threads() <= 256, "threads", o.threads(), "0-256; 0 = cores");
        check(TRANSPORTS.contains(o.transport()), "transport", o.transport(), "auto, epoll or nio");
        check(SAFE_NAME.matcher(o.namePrefix()).matches(), "name-prefix", o.namePrefix(), "1-24 of [A-Za-z0-9_.-]");
        check(SAFE_NAME.matcher(o.roomPrefix()).matches(), "room-prefix", o.roomPrefix(), "1-24 of [A-Za-z0-9_.-]");
        check(o.room() == null || SAFE_NAME.matcher(o.room()).matches(), "room", o.room(), "1-24 of [A-Za-z0-9_.-]");
        check(o.serverPid() >= 0, "server-pid", o.serverPid(), "a process id");
        check(o.step() > 1 && o.step() <= 100, "step", o.step(), "> 1, the factor between find-max steps");
        check(o.p99BoundMs() > 0, "p99-bound-ms", o.p99BoundMs(), "> 0");
        check(o.maxSteps() >= 1 && o.maxSteps() <= 100, "max-steps", o.maxSteps(), "1-100");
        check(!o.findMax() || s == Scenario.BROADCAST, "find-max", s.cliName(), "only with --scenario broadcast");
        if (s == Scenario.BROADCAST || s == Scenario.SLOW) {
            check(o.senders() >= 1 && o.senders() <= o.clients(), "senders", o.senders(), "1-" + o.clients());
        }
        if (s == Scenario.SLOW) {
            check(o.slow() >= 1 && o.slow() <= 100_000, "slow", o.slow(), ">= 1 for the slow scenario");
        }
        if (s == Scenario.ROOMS) {
            validateRooms(o);
        }
    }

    private static void validateRooms(BenchOptions o) {
        check(o.rooms() >= 1 && o.rooms() <= 100_000, "rooms", o.rooms(), "1-100000");
        check(o.roomSize() >= 0, "room-size", o.roomSize(), ">= 0; 0 = clients / rooms");
        int size = o.effectiveRoomSize();
        check(size >= 2, "room-size", size, ">= 2 members per room (clients / rooms or --room-size)");
        check(o.senders() >= o.rooms() && o.senders() % o.rooms() == 0, "senders", o.senders(),
                "a multiple of rooms (" + o.rooms() + ") in the rooms scenario: senders are spread evenly");
        check(o.senders() / o.rooms() <= size, "senders", o.senders(),
                "at most " + size + " per room (room size)");
    }

    private static void check(boolean ok, String name, Object value, String expected) {
        if (!ok) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: " + expected + ")");
        }
    }
}
