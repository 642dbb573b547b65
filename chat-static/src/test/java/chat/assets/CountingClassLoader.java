package chat.assets;

import java.io.InputStream;
import java.net.URL;
import java.util.concurrent.atomic.AtomicInteger;

/** Delegates to a parent and counts resource lookups, to prove that serving never reads the class path. */
final class CountingClassLoader extends ClassLoader {

    private final AtomicInteger lookups = new AtomicInteger();

    CountingClassLoader(ClassLoader parent) {
        super(parent);
    }

    int lookups() {
        return lookups.get();
    }

    @Override
    public URL getResource(String name) {
        lookups.incrementAndGet();
        return super.getResource(name);
    }

    @Override
    public InputStream getResourceAsStream(String name) {
        lookups.incrementAndGet();
        return super.getResourceAsStream(name);
    }
}
