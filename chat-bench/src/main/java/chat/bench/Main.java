package chat.bench;

import java.io.PrintStream;
import java.io.PrintWriter;
import picocli.CommandLine;

/** Command-line entry point: {@code java -jar chat-bench.jar --url ws://127.0.0.1:8080/ws [options]}. */
public final class Main {
    /** Exit code: the run completed (loss is a figure, not a failure). */
    public static final int OK = 0;
    /** Exit code: the run could not be done (no connection, unknown host, unwritable report file). */
    public static final int RUN_FAILED = 1;
    /** Exit code: bad options. */
    public static final int USAGE = 2;

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Parses {@code args}, runs, prints the report to {@code out} and progress to {@code err}; returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine cmd = new CommandLine(new BenchCommand(out, err));
        cmd.setCaseInsensitiveEnumValuesAllowed(true);
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        cmd.setParameterExceptionHandler((ex, a) -> {
            err.println("chat-bench: " + ex.getMessage());
            err.println("Try 'java -jar chat-bench.jar --help' for the options.");
            return USAGE;
        });
        cmd.setExecutionExceptionHandler((ex, c, p) -> {
            err.println("chat-bench: unexpected error: " + ex);
            return RUN_FAILED;
        });
        return cmd.execute(args);
    }
}
