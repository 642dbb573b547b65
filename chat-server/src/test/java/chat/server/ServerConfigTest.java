package chat.server;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The newer settings' bounds, from both sides, and the combinations that must be refused. */
class ServerConfigTest {
    private static ServerConfig.Builder b() {
        return ServerConfig.builder();
    }

    @Test
    void sessionTtlBounds() {
        assertEquals(Duration.ofSeconds(1), b().sessionTtl(Duration.ofSeconds(1)).build().sessionTtl());
        assertEquals(Duration.ofDays(365), b().sessionTtl(Duration.ofDays(365)).build().sessionTtl());
        assertThrows(IllegalArgumentException.class, () -> b().sessionTtl(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> b().sessionTtl(Duration.ofDays(366)));
    }

    @Test
    void jwtClockSkewBounds() {
        assertEquals(Duration.ZERO, b().jwtClockSkew(Duration.ZERO).build().jwtClockSkew());
        assertEquals(Duration.ofMinutes(10), b().jwtClockSkew(Duration.ofMinutes(10)).build().jwtClockSkew());
        assertThrows(IllegalArgumentException.class, () -> b().jwtClockSkew(Duration.ofSeconds(-1)));
        assertThrows(IllegalArgumentException.class, () -> b().jwtClockSkew(Duration.ofMinutes(11)));
    }

    @Test
    void privateRoomPrefixIsEmptyOrARoomName() {
        assertEquals("", b().privateRoomPrefix("").build().privateRoomPrefix());
        assertEquals("team.", b().privateRoomPrefix("team.").build().privateRoomPrefix());
        assertThrows(IllegalArgumentException.class, () -> b().privateRoomPrefix("a b"));
        assertThrows(IllegalArgumentException.class, () -> b().privateRoomPrefix("p".repeat(65)));
    }

    @Test
    void authModesNeedTheirOwnSettingsAndNoOthers() {
        assertThrows(IllegalArgumentException.class, () -> b().auth("jwt").build(), "jwt without a key");
        assertThrows(IllegalArgumentException.class,
                () -> b().auth("jwt").jwtSecret("s".repeat(32)).jwtPublicKey(Path.of("k.pem")).build(), "both keys");
        assertThrows(IllegalArgumentException.class, () -> b().jwtSecret("s".repeat(32)).build(), "a key without jwt");
        assertThrows(IllegalArgumentException.class, () -> b().auth("ldap"));
        assertEquals("accounts", b().auth("accounts").build().auth());
        assertThrows(IllegalArgumentException.class, () -> b().tls(Path.of("c.pem"), null).build(), "cert without key");
    }

    @Test
    void clusterModeNeedsTheSharedPostgresStore() {
        String db = "jdbc:postgresql://127.0.0.1:5432/test";
        assertEquals("redis://127.0.0.1:6379", b().db(db).redis("redis://127.0.0.1:6379").build().redis());
        assertEquals("rediss://r:6380", b().db(db).redis("rediss://r:6380").build().redis());
        IllegalArgumentException sqlite = assertThrows(IllegalArgumentException.class,
                () -> b().redis("redis://127.0.0.1:6379").build());
        org.junit.jupiter.api.Assertions.assertTrue(sqlite.getMessage().contains("--db jdbc:postgresql"), sqlite.getMessage());
        assertThrows(IllegalArgumentException.class, () -> b().store("none").redis("redis://127.0.0.1:6379").build());
        assertThrows(IllegalArgumentException.class, () -> b().redis("http://127.0.0.1:6379"));
        assertEquals(null, b().build().redis());
    }

    @Test
    void clusterNameAndNodeIdBounds() {
        assertEquals("a", b().clusterName("a").build().clusterName());
        assertEquals("c".repeat(32), b().clusterName("c".repeat(32)).build().clusterName());
        assertThrows(IllegalArgumentException.class, () -> b().clusterName(""));
        assertThrows(IllegalArgumentException.class, () -> b().clusterName("c".repeat(33)));
        assertThrows(IllegalArgumentException.class, () -> b().clusterName("a:b")); // ':' separates key parts
        assertEquals("n".repeat(64), b().nodeId("n".repeat(64)).build().nodeId());
        assertThrows(IllegalArgumentException.class, () -> b().nodeId("n".repeat(65)));
        assertThrows(IllegalArgumentException.class, () -> b().nodeId("a b"));
        String generated = b().build().nodeId();
        org.junit.jupiter.api.Assertions.assertTrue(generated.matches("[A-Za-z0-9_.-]{1,64}"), generated);
        org.junit.jupiter.api.Assertions.assertNotEquals(generated, b().build().nodeId(), "unique per start");
    }
}
