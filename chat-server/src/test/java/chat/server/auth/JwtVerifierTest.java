package chat.server.auth;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.DirectEncrypter;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.EncryptedJWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JwtVerifierTest {
    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final Duration SKEW = Duration.ofSeconds(30);
    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    private static KeyPair rsa;
    private static KeyPair rsaOther;
    private static KeyPair ec;
    private static KeyPair ecOther;
    private static String rsaPem;
    private static String ecPem;

    private final JwtVerifier hs = JwtVerifier.hs256(SECRET, SKEW, CLOCK);

    @BeforeAll
    static void keys() throws Exception {
        KeyPairGenerator rsaGen = KeyPairGenerator.getInstance("RSA");
        rsaGen.initialize(2048);
        rsa = rsaGen.generateKeyPair();
        rsaOther = rsaGen.generateKeyPair();
        KeyPairGenerator ecGen = KeyPairGenerator.getInstance("EC");
        ecGen.initialize(new ECGenParameterSpec("secp256r1"));
        ec = ecGen.generateKeyPair();
        ecOther = ecGen.generateKeyPair();
        rsaPem = pem("PUBLIC KEY", rsa.getPublic().getEncoded());
        ecPem = pem("PUBLIC KEY", ec.getPublic().getEncoded());
    }

    // --- helpers ---------------------------------------------------------------------------------------------

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static JwtVerifier rs() {
        return JwtVerifier.publicKey(rsaPem, SKEW, CLOCK);
    }

    private static JwtVerifier es() {
        return JwtVerifier.publicKey(ecPem, SKEW, CLOCK);
    }

    /** Claims for alice, valid for an hour from NOW. */
    private static JWTClaimsSet.Builder claims() {
        return new JWTClaimsSet.Builder().subject("alice").expirationTime(Date.from(NOW.plusSeconds(3600)));
    }

    private static String sign(JWSSigner signer, JWSAlgorithm alg, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(alg), claims);
        jwt.sign(signer);
        return jwt.serialize();
    }

    private static String hsToken(JWTClaimsSet claims) throws Exception {
        return sign(new MACSigner(SECRET), JWSAlgorithm.HS256, claims);
    }

    private static String rsToken(PrivateKey key, JWSAlgorithm alg, JWTClaimsSet claims) throws Exception {
        return sign(new RSASSASigner(key), alg, claims);
    }

    private static String esToken(PrivateKey key, JWTClaimsSet claims) throws Exception {
        return sign(new ECDSASigner((ECPrivateKey) key), JWSAlgorithm.ES256, claims);
    }

    private static String b64(String json) {
        return B64URL.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    /** Asserts {@code token} is rejected with {@code message}, and that the message does not echo the token. */
    private static void rejects(JwtVerifier verifier, String token, String message) {
        AuthException e = assertThrows(AuthException.class, () -> verifier.verify(token));
        assertEquals(message, e.getMessage());
        if (token != null && token.length() > 8) {
            assertFalse(e.getMessage().contains(token));
            for (String part : token.split("\\.")) {
                assertFalse(part.length() > 8 && e.getMessage().contains(part), e.getMessage());
            }
        }
    }

    private static JwtVerifier verifierAt(Instant now) {
        return JwtVerifier.hs256(SECRET, SKEW, Clock.fixed(now, ZoneOffset.UTC));
    }

    // --- valid tokens ----------------------------------------------------------------------------------------

    @Test
    void hs256ValidTokenGivesIdentity() throws Exception {
        String token = hsToken(claims().claim("rooms", List.of("lobby", "dev")).build());
        Identity id = hs.verify(token);
        assertEquals(new Identity("alice", true, NOW.plusSeconds(3600).toEpochMilli(), Set.of("lobby", "dev")), id);
        assertTrue(id.mayJoin("dev"));
        assertFalse(id.mayJoin("random"));
    }

    @Test
    void rs256ValidToken() throws Exception {
        Identity id = rs().verify(rsToken(rsa.getPrivate(), JWSAlgorithm.RS256, claims().build()));
        assertEquals(new Identity("alice", true, NOW.plusSeconds(3600).toEpochMilli(), null), id);
    }

    @Test
    void rs384AndRs512Accepted() throws Exception {
        assertEquals("alice", rs().verify(rsToken(rsa.getPrivate(), JWSAlgorithm.RS384, claims().build())).name());
        assertEquals("alice", rs().verify(rsToken(rsa.getPrivate(), JWSAlgorithm.RS512, claims().build())).name());
    }

    @Test
    void rsaPssNotAccepted() throws Exception {
        rejects(rs(), rsToken(rsa.getPrivate(), JWSAlgorithm.PS256, claims().build()),
                "token: algorithm not accepted (expected: RS256/RS384/RS512)");
    }

    @Test
    void es256ValidToken() throws Exception {
        Identity id = es().verify(esToken(ec.getPrivate(), claims().claim("rooms", List.of()).build()));
        assertEquals(new Identity("alice", true, NOW.plusSeconds(3600).toEpochMilli(), Set.of()), id);
        assertFalse(id.mayJoin("lobby"));
    }

    @Test
    void publicKeyFromFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("jwt.pem");
        Files.writeString(file, "comment before the block\n" + ecPem);
        JwtVerifier v = JwtVerifier.publicKey(file, SKEW);
        // Real clock: mint relative to now.
        String token = esToken(ec.getPrivate(), new JWTClaimsSet.Builder().subject("bob")
                .expirationTime(Date.from(Instant.now().plusSeconds(60))).build());
        assertEquals("bob", v.verify(token).name());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JwtVerifier.publicKey(dir.resolve("missing.pem"), SKEW));
        assertTrue(e.getMessage().startsWith("jwt-public-key: cannot read "), e.getMessage());
        assertTrue(e.getMessage().contains("missing.pem"), e.getMessage());
    }

    @Test
    void publicFactoriesUseTheSystemClock() throws Exception {
        String token = hsToken(new JWTClaimsSet.Builder().subject("carol")
                .expirationTime(Date.from(Instant.now().plusSeconds(60))).build());
        assertEquals("carol", JwtVerifier.hs256(SECRET, Duration.ZERO).verify(token).name());
        String rsTok = rsToken(rsa.getPrivate(), JWSAlgorithm.RS256, new JWTClaimsSet.Builder().subject("carol")
                .expirationTime(Date.from(Instant.now().plusSeconds(60))).build());
        assertEquals("carol", JwtVerifier.publicKey(rsaPem, Duration.ZERO).verify(rsTok).name());
    }

    // --- time ------------------------------------------------------------------------------------------------

    @Test
    void expiredRejectedButSkewTolerated() throws Exception {
        String token = hsToken(claims().expirationTime(Date.from(NOW)).build());
        assertEquals("alice", verifierAt(NOW).verify(token).name());
        assertEquals("alice", verifierAt(NOW.plusSeconds(30)).verify(token).name());
        rejects(verifierAt(NOW.plusSeconds(31)), token, "token: expired");
        rejects(JwtVerifier.hs256(SECRET, Duration.ZERO, Clock.fixed(NOW.plusSeconds(1), ZoneOffset.UTC)), token,
                "token: expired");
    }

    @Test
    void notBeforeInTheFutureRejected() throws Exception {
        String token = hsToken(claims().notBeforeTime(Date.from(NOW.plusSeconds(60))).build());
        rejects(hs, token, "token: not yet valid");
        assertEquals("alice", verifierAt(NOW.plusSeconds(30)).verify(token).name()); // within skew
        assertEquals("alice", verifierAt(NOW.plusSeconds(60)).verify(token).name());
        assertEquals("alice", hs.verify(hsToken(claims().notBeforeTime(Date.from(NOW.minusSeconds(5))).build()))
                .name());
    }

    @Test
    void missingExpRejected() throws Exception {
        rejects(hs, hsToken(new JWTClaimsSet.Builder().subject("alice").build()), "token: exp claim is required");
    }

    @Test
    void nonNumericExpRejected() throws Exception {
        String header = b64("{\"alg\":\"HS256\"}");
        String payload = b64("{\"sub\":\"alice\",\"exp\":\"tomorrow\"}");
        rejects(hs, hmacToken(header, payload, SECRET), "token: claims are not a JSON object");
    }

    @Test
    void negativeSkewRejectedAtConstruction() {
        assertThrows(IllegalArgumentException.class, () -> JwtVerifier.hs256(SECRET, Duration.ofSeconds(-1)));
    }

    // --- signatures and algorithms ---------------------------------------------------------------------------

    @Test
    void tamperedPayloadRejected() throws Exception {
        String token = hsToken(claims().build());
        String[] parts = token.split("\\.");
        String forged = parts[0] + "." + b64("{\"sub\":\"admin\",\"exp\":" + NOW.plusSeconds(3600).getEpochSecond()
                + "}") + "." + parts[2];
        rejects(hs, forged, "token: bad signature");

        String rsTok = rsToken(rsa.getPrivate(), JWSAlgorithm.RS256, claims().build());
        String[] rp = rsTok.split("\\.");
        rejects(rs(), rp[0] + "." + parts[1].substring(0, parts[1].length() - 2) + "AA." + rp[2],
                "token: bad signature");
        rejects(rs(), rp[0] + "." + rp[1] + ".", "token: not a signed JWT"); // signature stripped
    }

    @Test
    void signedWithAnotherKeyRejected() throws Exception {
        byte[] other = "another-secret-another-secret-xx".getBytes(StandardCharsets.US_ASCII);
        rejects(hs, sign(new MACSigner(other), JWSAlgorithm.HS256, claims().build()), "token: bad signature");
        rejects(rs(), rsToken(rsaOther.getPrivate(), JWSAlgorithm.RS256, claims().build()), "token: bad signature");
        rejects(es(), esToken(ecOther.getPrivate(), claims().build()), "token: bad signature");
    }

    @Test
    void unsecuredAlgNoneRejected() throws Exception {
        String payload = b64("{\"sub\":\"admin\",\"exp\":" + NOW.plusSeconds(3600).getEpochSecond() + "}");
        String none = "eyJhbGciOiJub25lIn0." + payload + ".";
        assertEquals("{\"alg\":\"none\"}",
                new String(Base64.getUrlDecoder().decode("eyJhbGciOiJub25lIn0"), StandardCharsets.UTF_8));
        rejects(hs, none, "token: not a signed JWT");
        rejects(rs(), none, "token: not a signed JWT");
        rejects(es(), none, "token: not a signed JWT");
        // "none" with a signature attached, and case variants that are not the registered "none".
        String hsSig = hsToken(claims().build()).split("\\.")[2];
        rejects(hs, "eyJhbGciOiJub25lIn0." + payload + "." + hsSig, "token: not a signed JWT");
        rejects(hs, b64("{\"alg\":\"None\"}") + "." + payload + ".", "token: not a signed JWT"); // empty signature
        rejects(hs, b64("{\"alg\":\"None\"}") + "." + payload + "." + hsSig,
                "token: algorithm not accepted (expected: HS256)");
        rejects(hs, b64("{\"alg\":\"NONE\"}") + "." + payload + "." + hsSig,
                "token: algorithm not accepted (expected: HS256)");
    }

    @Test
    void encryptedJwtRejected() throws Exception {
        EncryptedJWT jwe = new EncryptedJWT(new JWEHeader(JWEAlgorithm.DIR, EncryptionMethod.A128GCM),
                claims().build());
        jwe.encrypt(new DirectEncrypter(new SecretKeySpec(new byte[16], "AES")));
        rejects(hs, jwe.serialize(), "token: not a signed JWT");
    }

    @Test
    void algorithmConfusionRejected() throws Exception {
        // An HS256 token presented to an RSA/EC verifier: rejected whatever the HMAC key.
        rejects(rs(), hsToken(claims().build()), "token: algorithm not accepted (expected: RS256/RS384/RS512)");
        rejects(es(), hsToken(claims().build()), "token: algorithm not accepted (expected: ES256)");
        // The classic attack: HMAC keyed with the (public!) PEM bytes of the server's RSA key.
        byte[] pemBytes = rsaPem.getBytes(StandardCharsets.US_ASCII);
        rejects(rs(), sign(new MACSigner(pemBytes), JWSAlgorithm.HS256, claims().build()),
                "token: algorithm not accepted (expected: RS256/RS384/RS512)");
        rejects(rs(), sign(new MACSigner(rsa.getPublic().getEncoded()), JWSAlgorithm.HS256, claims().build()),
                "token: algorithm not accepted (expected: RS256/RS384/RS512)");
        byte[] ecPemBytes = ecPem.getBytes(StandardCharsets.US_ASCII);
        rejects(es(), sign(new MACSigner(ecPemBytes), JWSAlgorithm.HS256, claims().build()),
                "token: algorithm not accepted (expected: ES256)");
        // And the other way round: asymmetric tokens to an HMAC verifier, ES to RS and RS to ES.
        rejects(hs, rsToken(rsa.getPrivate(), JWSAlgorithm.RS256, claims().build()),
                "token: algorithm not accepted (expected: HS256)");
        rejects(hs, esToken(ec.getPrivate(), claims().build()), "token: algorithm not accepted (expected: HS256)");
        rejects(rs(), esToken(ec.getPrivate(), claims().build()),
                "token: algorithm not accepted (expected: RS256/RS384/RS512)");
        rejects(es(), rsToken(rsa.getPrivate(), JWSAlgorithm.RS256, claims().build()),
                "token: algorithm not accepted (expected: ES256)");
        // HS384/HS512 with the right secret are not accepted by an HS256 verifier either.
        byte[] longSecret = new byte[64];
        System.arraycopy(SECRET, 0, longSecret, 0, SECRET.length);
        rejects(JwtVerifier.hs256(longSecret, SKEW, CLOCK),
                sign(new MACSigner(longSecret), JWSAlgorithm.HS512, claims().build()),
                "token: algorithm not accepted (expected: HS256)");
    }

    @Test
    void unknownCriticalHeaderRejected() throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).customParam("x-policy", "v1")
                .criticalParams(Set.of("x-policy")).build(), claims().build());
        jwt.sign(new MACSigner(SECRET));
        rejects(hs, jwt.serialize(), "token: bad signature");
    }

    // --- claims ----------------------------------------------------------------------------------------------

    @Test
    void nameClaimPreferredOverSub() throws Exception {
        assertEquals("Alice Liddell", hs.verify(hsToken(claims().claim("name", "  Alice Liddell ").build())).name());
        assertEquals("李雷", hs.verify(hsToken(claims().subject("u-123").claim("name", "李雷").build())).name());
        // A non-string name claim is ignored: sub is used.
        assertEquals("alice", hs.verify(hsToken(claims().claim("name", 42).build())).name());
        assertEquals("bob", hs.verify(hsToken(claims().subject(null).claim("name", "bob").build())).name());
    }

    @Test
    void invalidNameRejected() throws Exception {
        String msg = "token: name claim is not a valid display name";
        rejects(hs, hsToken(claims().subject("<script>").build()), msg);
        rejects(hs, hsToken(claims().subject("auth0|1234").build()), msg);
        rejects(hs, hsToken(claims().subject("x".repeat(33)).build()), msg);
        rejects(hs, hsToken(claims().subject("   ").build()), msg);
        rejects(hs, hsToken(claims().subject(null).build()), msg);
        rejects(hs, hsToken(claims().claim("name", "bad\u0000name").build()), msg);
        // The name claim wins even when invalid: no silent fallback to sub.
        rejects(hs, hsToken(claims().claim("name", "a/b").build()), msg);
    }

    @Test
    void roomsClaimParsed() throws Exception {
        assertNull(hs.verify(hsToken(claims().build())).rooms());
        assertEquals(Set.of("a", "b-2"), hs.verify(hsToken(claims().claim("rooms", List.of("a", "b-2", "a")).build()))
                .rooms());
        assertEquals(Set.of(), hs.verify(hsToken(claims().claim("rooms", List.of()).build())).rooms());
    }

    @Test
    void roomsClaimOfWrongTypeRejected() throws Exception {
        String msg = "token: rooms claim must be an array of room names";
        rejects(hs, hsToken(claims().claim("rooms", "lobby").build()), msg);
        rejects(hs, hsToken(claims().claim("rooms", List.of("lobby", 7)).build()), msg);
        rejects(hs, hsToken(claims().claim("rooms", Map.of("lobby", true)).build()), msg);
        rejects(hs, hsToken(claims().claim("rooms", List.of(List.of("lobby"))).build()), msg);
        rejects(hs, hsToken(claims().claim("rooms", List.of("not a room")).build()), msg);
        rejects(hs, hsToken(claims().claim("rooms", false).build()), msg);
    }

    // --- malformed input -------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"garbage", "a.b.c", "a.b", "....", "...", ".", "Bearer x.y.z", "eyJhbGciOiJIUzI1NiJ9",
            "eyJhbGciOiJIUzI1NiJ9.!!!.abc", "e30.e30.", "bnVsbA.e30.e30", "eyJhbGciOiJIUzI1NiJ9.e30.e30.e30"})
    void garbageRejected(String token) {
        AuthException e = assertThrows(AuthException.class, () -> hs.verify(token));
        assertTrue(e.getMessage().startsWith("token: "), e.getMessage());
        assertFalse(e.getMessage().contains(token), e.getMessage());
    }

    @Test
    void emptyAndNullRejected() {
        rejects(hs, null, "token: missing");
        rejects(hs, "", "token: missing");
        rejects(hs, "x".repeat(JwtVerifier.MAX_TOKEN_CHARS + 1), "token: too long (max 8192 chars)");
    }

    @Test
    void payloadThatIsNotAJsonObjectRejected() throws Exception {
        String header = b64("{\"alg\":\"HS256\"}");
        rejects(hs, hmacToken(header, b64("[1,2]"), SECRET), "token: claims are not a JSON object");
        rejects(hs, hmacToken(header, b64("not json"), SECRET), "token: claims are not a JSON object");
    }

    // --- construction ----------------------------------------------------------------------------------------

    @Test
    void shortSecretRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JwtVerifier.hs256(new byte[16], SKEW));
        assertEquals("jwt-secret: 16 bytes (expected: at least 32 bytes for HS256)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> JwtVerifier.hs256(new byte[31], SKEW));
        JwtVerifier.hs256(new byte[32], SKEW);
    }

    @Test
    void unreadablePemRejected() throws Exception {
        String body = rsaPem.substring(rsaPem.indexOf('\n') + 1, rsaPem.indexOf("-----END"));
        Map<String, String> cases = Map.ofEntries(
                Map.entry("", "jwt-public-key: empty"),
                Map.entry("not a pem at all", "jwt-public-key: no PEM block found"),
                Map.entry(body, "jwt-public-key: no PEM block found"),
                Map.entry("-----BEGIN PUBLIC KEY-----\n" + body + "-----END PRIVATE KEY-----\n",
                        "jwt-public-key: no PEM block found"),
                Map.entry("-----BEGIN PUBLIC KEY-----\n-----END PUBLIC KEY-----\n",
                        "jwt-public-key: PEM body is empty"),
                Map.entry("-----BEGIN PUBLIC KEY-----\nAAAA====AAAA\n-----END PUBLIC KEY-----\n",
                        "jwt-public-key: PEM body is not valid base64"),
                Map.entry(pem("PUBLIC KEY", "hello, not DER".getBytes(StandardCharsets.US_ASCII)),
                        "jwt-public-key: not a readable RSA or EC public key"),
                Map.entry(pem("PUBLIC KEY", Arrays.copyOf(rsa.getPublic().getEncoded(), 100)),
                        "jwt-public-key: not a readable RSA or EC public key"),
                Map.entry(pem("PRIVATE KEY", rsa.getPrivate().getEncoded()), "jwt-public-key: got a PRIVATE KEY"),
                Map.entry(pem("RSA PUBLIC KEY", new byte[]{1, 2, 3}), "jwt-public-key: PKCS#1 RSA PUBLIC KEY"),
                Map.entry(pem("CERTIFICATE", new byte[]{1, 2, 3}), "jwt-public-key: got a CERTIFICATE"));
        for (Map.Entry<String, String> c : cases.entrySet()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> JwtVerifier.publicKey(c.getKey(), SKEW), c.getValue());
            assertTrue(e.getMessage().startsWith(c.getValue()), c.getValue() + " <> " + e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> JwtVerifier.publicKey((String) null, SKEW));
    }

    @Test
    void unsupportedKeysRejected() throws Exception {
        KeyPairGenerator p384 = KeyPairGenerator.getInstance("EC");
        p384.initialize(new ECGenParameterSpec("secp384r1"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JwtVerifier.publicKey(pem("PUBLIC KEY", p384.generateKeyPair().getPublic().getEncoded()), SKEW));
        assertEquals("jwt-public-key: EC key on curve P-384 (expected: P-256 for ES256)", e.getMessage());

        KeyPairGenerator small = KeyPairGenerator.getInstance("RSA");
        small.initialize(1024);
        e = assertThrows(IllegalArgumentException.class,
                () -> JwtVerifier.publicKey(pem("PUBLIC KEY", small.generateKeyPair().getPublic().getEncoded()), SKEW));
        assertEquals("jwt-public-key: RSA key of 1024 bits (expected: at least 2048)", e.getMessage());

        PublicKey ed = KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic();
        e = assertThrows(IllegalArgumentException.class, () -> JwtVerifier.publicKey(pem("PUBLIC KEY",
                ed.getEncoded()), SKEW));
        assertTrue(e.getMessage().startsWith("jwt-public-key: not a readable RSA or EC public key"), e.getMessage());
    }

    @Test
    void pemWithCrlfAndSurroundingTextAccepted() throws Exception {
        String crlf = "Subject: test key\r\n" + rsaPem.replace("\n", "\r\n") + "trailing\r\n";
        assertEquals("alice", JwtVerifier.publicKey(crlf, SKEW, CLOCK)
                .verify(rsToken(rsa.getPrivate(), JWSAlgorithm.RS256, claims().build())).name());
    }

    // --- operator recipe -------------------------------------------------------------------------------------

    /**
     * The hand-minting recipe from {@link JwtVerifier}'s javadoc, for a 32+ byte secret in $SECRET:
     * <pre>
     * b64() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }; h=$(printf '{"alg":"HS256","typ":"JWT"}' | b64); p=$(printf '{"sub":"alice","exp":%d}' $(( $(date +%s) + 3600 )) | b64); echo "$h.$p.$(printf '%s' "$h.$p" | openssl dgst -sha256 -hmac "$SECRET" -binary | b64)"
     * </pre>
     * EXPECTED below is that recipe's output with SECRET=0123456789abcdef0123456789abcdef and exp fixed at
     * 1893459600 (2030-01-01T01:00:00Z), as produced by OpenSSL 3.0.
     */
    private static final String OPENSSL_TOKEN = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"
            + ".eyJzdWIiOiJhbGljZSIsImV4cCI6MTg5MzQ1OTYwMH0.65pbopiDds9n1rSizEpVYH_8U5xjY6Vcw6NkJI71K3k";

    private static String hmacToken(String header, String payload, byte[] secret) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret, "HmacSHA256"));
        byte[] sig = mac.doFinal((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
        return header + "." + payload + "." + B64URL.encodeToString(sig);
    }

    @Test
    void opensslRecipeReproducedInJava() throws Exception {
        String h = b64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
        String p = b64("{\"sub\":\"alice\",\"exp\":" + 1893459600 + "}");
        String token = hmacToken(h, p, SECRET);
        assertEquals(OPENSSL_TOKEN, token);
        Identity id = hs.verify(token);
        assertEquals(new Identity("alice", true, 1893459600_000L, null), id);
    }

    // --- concurrency -----------------------------------------------------------------------------------------

    @Test
    void concurrentVerification() throws Exception {
        JwtVerifier rsv = rs();
        List<String> tokens = List.of(
                hsToken(claims().subject("h").build()),
                rsToken(rsa.getPrivate(), JWSAlgorithm.RS256, claims().subject("r").build()));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                int n = i;
                results.add(pool.submit(() -> n % 2 == 0 ? hs.verify(tokens.get(0)).name()
                        : rsv.verify(tokens.get(1)).name()));
            }
            for (int i = 0; i < results.size(); i++) {
                assertEquals(i % 2 == 0 ? "h" : "r", results.get(i).get());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
