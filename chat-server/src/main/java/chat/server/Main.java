package chat.server;

import chat.server.cli.ConfigFile;
import chat.server.cli.ServerCommand;

/** Entry point: {@code java -jar chat-server.jar --port 8080}; {@code --help} lists every option. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        JvmDefaults.apply();
        System.exit(ServerCommand.commandLine(System.getenv(), ConfigFile.load(args, System.getenv())).execute(args));
    }
}
