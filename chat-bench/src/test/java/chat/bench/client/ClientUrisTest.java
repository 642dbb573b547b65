package chat.bench.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import org.junit.jupiter.api.Test;

class ClientUrisTest {
    @Test
    void startsAQueryWhenThereIsNone() {
        assertEquals("ws://127.0.0.1:8080/ws?name=b7",
                ClientUris.forClient(URI.create("ws://127.0.0.1:8080/ws"), "b7", null).toString());
    }

    @Test
    void appendsToAnExistingQueryWithAmpersand() {
        assertEquals("ws://h:1/ws?token=abc&name=b1&room=r2",
                ClientUris.forClient(URI.create("ws://h:1/ws?token=abc"), "b1", "r2").toString());
    }

    @Test
    void doesNotDoubleSeparators() {
        assertEquals("ws://h/ws?name=b0", ClientUris.forClient(URI.create("ws://h/ws?"), "b0", null).toString());
        assertEquals("ws://h/ws?a=1&name=b0", ClientUris.forClient(URI.create("ws://h/ws?a=1&"), "b0", null).toString());
    }
}
