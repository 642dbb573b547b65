package chat.server.history;

import chat.server.protocol.ChatMessage;
import chat.server.store.DirectMessage;
import io.netty.util.concurrent.EventExecutor;

import java.util.function.Consumer;

/**
 * One message waiting to be stored, and what to run once its batch has committed: {@code onCommitted}
 * runs on {@code executor} (the room's, or the sender's event loop for a direct message) with the message
 * as stored — for a clustered store that numbers messages itself, with its seq ({@code null} for a direct
 * message). Exactly one of {@code message} and {@code direct} is set.
 */
record PendingWrite(ChatMessage message, DirectMessage direct, EventExecutor executor,
                    Consumer<ChatMessage> onCommitted) {
}
