package chat.server.auth;

import chat.server.protocol.RoomNames;
import chat.server.protocol.UserNames;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Verifies signed JWTs (JWS compact form) against one configured key: an HMAC secret (HS256 only), an RSA
 * public key (RS256/RS384/RS512) or an EC P-256 public key (ES256). The header {@code alg} must be one the
 * key allows, so a token cannot pick its own verification method (no {@code none}, no HS256-with-the-public-key
 * "algorithm confusion").
 *
 * <p>Claims: {@code exp} is required, {@code nbf} is honoured if present, both with the configured clock skew.
 * The display name is the {@code name} claim if it is a string, else {@code sub}; it must be a valid
 * {@link UserNames display name}. An optional {@code rooms} claim (array of room names) restricts which rooms
 * the connection may join.
 *
 * <p>Error messages never contain the token or any attacker-chosen header/claim value. CPU-only and
 * thread-safe: the nimbus verifiers create their {@code Mac}/{@code Signature} per call.
 *
 * <p>Minting a test HS256 token by hand (the secret is the raw bytes of {@code $SECRET}, at least 32 of them):
 * <pre>{@code
 * b64() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }; h=$(printf '{"alg":"HS256","typ":"JWT"}' | b64); p=$(printf '{"sub":"alice","exp":%d}' $(( $(date +%s) + 3600 )) | b64); echo "$h.$p.$(printf '%s' "$h.$p" | openssl dgst -sha256 -hmac "$SECRET" -binary | b64)"
 * }</pre>
 */
public final class JwtVerifier implements TokenVerifier {
    /** The smallest HS256 secret accepted: 256 bits, as RFC 7518 §3.2 requires. */
    public static final int MIN_HS256_SECRET_BYTES = 32;
    /** The smallest RSA modulus accepted. */
    public static final int MIN_RSA_BITS = 2048;
    /** Longer tokens are rejected before parsing (they would not fit a sane HTTP header anyway). */
    static final int MAX_TOKEN_CHARS = 8192;

    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]*?)\\s*-----END \\1-----");

    private final JWSVerifier verifier;
    private final Set<JWSAlgorithm> algorithms;
    private final String expected;
    private final long skewMillis;
    private final Clock clock;

    private JwtVerifier(JWSVerifier verifier, Set<JWSAlgorithm> algorithms, Duration clockSkew, Clock clock) {
        Objects.requireNonNull(clockSkew, "clockSkew");
        if (clockSkew.isNegative()) {
            throw new IllegalArgumentException("jwt clock skew: " + clockSkew + " (expected: zero or more)");
        }
        this.verifier = verifier;
        this.algorithms = Set.copyOf(algorithms);
        this.expected = algorithms.stream().map(JWSAlgorithm::getName).sorted().reduce((a, b) -> a + "/" + b)
                .orElseThrow();
        this.skewMillis = clockSkew.toMillis();
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A verifier of HS256 tokens signed with {@code secret} (at least {@value #MIN_HS256_SECRET_BYTES} bytes). */
    public static JwtVerifier hs256(byte[] secret, Duration clockSkew) {
        return hs256(secret, clockSkew, Clock.systemUTC());
    }

    static JwtVerifier hs256(byte[] secret, Duration clockSkew, Clock clock) {
        Objects.requireNonNull(secret, "secret");
        if (secret.length < MIN_HS256_SECRET_BYTES) {
            throw new IllegalArgumentException("jwt-secret: " + secret.length + " bytes (expected: at least "
                    + MIN_HS256_SECRET_BYTES + " bytes for HS256)");
        }
        try {
            return new JwtVerifier(new MACVerifier(secret.clone()), Set.of(JWSAlgorithm.HS256), clockSkew, clock);
        } catch (JOSEException e) {
            throw new IllegalArgumentException("jwt-secret: " + e.getMessage(), e);
        }
    }

    /**
     * A verifier of tokens signed with the private half of a PEM {@code -----BEGIN PUBLIC KEY-----} (X.509
     * SubjectPublicKeyInfo): RSA of at least {@value #MIN_RSA_BITS} bits (RS256/RS384/RS512) or EC P-256 (ES256).
     *
     * @throws IllegalArgumentException if the PEM is unreadable or the key is of an unsupported type
     */
    public static JwtVerifier publicKey(String pem, Duration clockSkew) {
        return publicKey(pem, clockSkew, Clock.systemUTC());
    }

    /** As {@link #publicKey(String, Duration)}, reading the PEM from {@code pemFile}. */
    public static JwtVerifier publicKey(Path pemFile, Duration clockSkew) {
        Objects.requireNonNull(pemFile, "pemFile");
        String pem;
        try {
            pem = Files.readString(pemFile, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalArgumentException("jwt-public-key: cannot read " + pemFile + " (" + e + ")", e);
        }
        try {
            return publicKey(pem, clockSkew);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + " [" + pemFile + "]", e);
        }
    }

    static JwtVerifier publicKey(String pem, Duration clockSkew, Clock clock) {
        PublicKey key = parsePublicKeyPem(pem);
        if (key instanceof RSAPublicKey rsa) {
            int bits = rsa.getModulus().bitLength();
            if (bits < MIN_RSA_BITS) {
                throw new IllegalArgumentException("jwt-public-key: RSA key of " + bits + " bits (expected: at least "
                        + MIN_RSA_BITS + ")");
            }
            return new JwtVerifier(new RSASSAVerifier(rsa),
                    Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512), clockSkew, clock);
        }
        if (key instanceof ECPublicKey ec) {
            Curve curve = Curve.forECParameterSpec(ec.getParams());
            if (!Curve.P_256.equals(curve)) {
                throw new IllegalArgumentException("jwt-public-key: EC key on curve "
                        + (curve == null ? "(unknown)" : curve.getName()) + " (expected: P-256 for ES256)");
            }
            try {
                return new JwtVerifier(new ECDSAVerifier(ec), Set.of(JWSAlgorithm.ES256), clockSkew, clock);
            } catch (JOSEException e) {
                throw new IllegalArgumentException("jwt-public-key: " + e.getMessage(), e);
            }
        }
        throw new IllegalArgumentException("jwt-public-key: unsupported key type " + key.getAlgorithm()
                + " (expected: RSA or EC P-256)");
    }

    /** Parses one PEM {@code PUBLIC KEY} block (text around it is ignored) into an RSA or EC key. */
    static PublicKey parsePublicKeyPem(String pem) {
        if (pem == null || pem.isBlank()) {
            throw new IllegalArgumentException("jwt-public-key: empty (expected: a PEM -----BEGIN PUBLIC KEY----- block)");
        }
        Matcher m = PEM.matcher(pem);
        if (!m.find()) {
            throw new IllegalArgumentException(
                    "jwt-public-key: no PEM block found (expected: -----BEGIN PUBLIC KEY----- ... -----END PUBLIC KEY-----)");
        }
        String type = m.group(1);
        switch (type) {
            case "PUBLIC KEY":
                break;
            case "RSA PUBLIC KEY":
                throw new IllegalArgumentException("jwt-public-key: PKCS#1 RSA PUBLIC KEY is not supported (convert it:"
                        + " openssl rsa -RSAPublicKey_in -in key.pem -pubout)");
            case "PRIVATE KEY":
            case "RSA PRIVATE KEY":
            case "EC PRIVATE KEY":
            case "ENCRYPTED PRIVATE KEY":
                throw new IllegalArgumentException("jwt-public-key: got a " + type + "; give the server only the public"
                        + " key (openssl pkey -in key.pem -pubout)");
            case "CERTIFICATE":
                throw new IllegalArgumentException("jwt-public-key: got a CERTIFICATE (extract its key: openssl x509"
                        + " -in cert.pem -pubkey -noout)");
            default:
                throw new IllegalArgumentException("jwt-public-key: got a PEM " + type
                        + " block (expected: -----BEGIN PUBLIC KEY-----)");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(m.group(2));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("jwt-public-key: PEM body is not valid base64", e);
        }
        if (der.length == 0) {
            throw new IllegalArgumentException("jwt-public-key: PEM body is empty");
        }
        X509EncodedKeySpec spec = new X509EncodedKeySpec(der);
        for (String algorithm : List.of("RSA", "EC")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePublic(spec);
            } catch (GeneralSecurityException | RuntimeException e) {
                // not this type; try the next
            }
        }
        throw new IllegalArgumentException("jwt-public-key: not a readable RSA or EC public key"
                + " (expected: X.509 SubjectPublicKeyInfo, as written by openssl pkey -pubout)");
    }

    @Override
    public Identity verify(String token) throws AuthException {
        if (token == null || token.isEmpty()) {
            throw new AuthException("token: missing");
        }
        if (token.length() > MAX_TOKEN_CHARS) {
            throw new AuthException("token: too long (max " + MAX_TOKEN_CHARS + " chars)");
        }
        SignedJWT jwt;
        try {
            JWT parsed = JWTParser.parse(token);
            if (!(parsed instanceof SignedJWT signed)) {
                throw new AuthException("token: not a signed JWT");
            }
            jwt = signed;
        } catch (ParseException | RuntimeException e) {
            throw new AuthException("token: not a signed JWT");
        }

        // The configured key decides the algorithm, never the token (alg confusion, alg=none variants).
        if (!algorithms.contains(jwt.getHeader().getAlgorithm())) {
            throw new AuthException("token: algorithm not accepted (expected: " + expected + ")");
        }
        boolean valid;
        try {
            valid = jwt.verify(verifier);
        } catch (JOSEException | RuntimeException e) {
            valid = false;
        }
        if (!valid) {
            throw new AuthException("token: bad signature");
        }

        JWTClaimsSet claims;
        try {
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException | RuntimeException e) {
            throw new AuthException("token: claims are not a JSON object");
        }

        long now = clock.millis();
        Date exp = claims.getExpirationTime();
        if (exp == null) {
            throw new AuthException("token: exp claim is required");
        }
        if (now > exp.getTime() + skewMillis) {
            throw new AuthException("token: expired");
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && now < nbf.getTime() - skewMillis) {
            throw new AuthException("token: not yet valid");
        }

        Object nameClaim = claims.getClaim("name");
        String rawName = nameClaim instanceof String s ? s : claims.getSubject();
        String name = UserNames.normalize(rawName);
        if (name == null) {
            throw new AuthException("token: name claim is not a valid display name");
        }
        return new Identity(name, true, exp.getTime(), rooms(claims.getClaim("rooms")));
    }

    private static Set<String> rooms(Object claim) throws AuthException {
        if (claim == null) {
            return null;
        }
        if (!(claim instanceof List<?> list)) {
            throw new AuthException("token: rooms claim must be an array of room names");
        }
        Set<String> rooms = new HashSet<>();
        for (Object room : list) {
            if (!(room instanceof String s) || !RoomNames.isValid(s)) {
                throw new AuthException("token: rooms claim must be an array of room names");
            }
            rooms.add(s);
        }
        return Set.copyOf(rooms);
    }

    @Override
    public String toString() {
        return "JwtVerifier[" + expected + ", skew=" + skewMillis + "ms]";
    }
}
