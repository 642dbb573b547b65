package chat.server;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AuthSetupTest {
    @Test
    void httpsIsReadFromEitherForwardingHeader() {
        assertTrue(AuthSetup.viaHttps("https", null));
        assertTrue(AuthSetup.viaHttps(" HTTPS ", null));
        assertFalse(AuthSetup.viaHttps("http", "proto=https"), "X-Forwarded-Proto wins when both are present");
        assertTrue(AuthSetup.viaHttps(null, "for=192.0.2.1;proto=https"));
        assertTrue(AuthSetup.viaHttps(null, "For=\"[2001:db8::1]\";Proto=\"https\""));
        assertFalse(AuthSetup.viaHttps(null, "for=192.0.2.1;proto=http"));
        assertFalse(AuthSetup.viaHttps(null, null));
    }
}
