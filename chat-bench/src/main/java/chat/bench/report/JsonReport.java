package chat.bench.report;

import chat.bench.BenchResult;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes every figure of a run, plus environment and options, as JSON (--json FILE). */
public final class JsonReport {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonReport() {
    }

    /** Returns the JSON text of {@code r}. */
    public static String render(BenchResult r) throws IOException {
        return MAPPER.writeValueAsString(r);
    }

    /** Writes {@code r} to {@code file}, creating parent directories. */
    public static void write(BenchResult r, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, render(r));
    }
}
