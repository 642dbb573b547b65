package chat.server.transport;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;

import javax.net.ssl.SSLException;
import java.nio.file.Path;

/**
 * The listener's TLS context: TLS 1.3 and 1.2 only, OpenSSL (netty-tcnative) when it is on the class
 * path, the JDK's engine otherwise.
 */
public final class Tls {
    private Tls() {
    }

    /**
     * Builds the server context from a PEM certificate chain and a PKCS#8 PEM key.
     *
     * @throws IllegalArgumentException when the files cannot be read or do not form a key pair
     */
    public static SslContext serverContext(Path cert, Path key) {
        try {
            return SslContextBuilder.forServer(cert.toFile(), key.toFile())
                    .sslProvider(OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK)
                    .protocols("TLSv1.3", "TLSv1.2")
                    .build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("tls-cert/tls-key: cannot use " + cert + " and " + key + ": "
                    + e.getMessage() + " (expected: a PEM certificate chain and its PKCS#8 PEM key)", e);
        }
    }
}
