package chat.server.protocol;

/**
 * Validation of display names: trimmed, 1–{@value #MAX_LENGTH} chars of letters, digits, space, {@code _ - .}.
 * Letters and digits are Unicode-aware ({@code José}, {@code 李雷} are fine); control and format chars are not.
 */
public final class UserNames {
    public static final int MAX_LENGTH = 32;
    public static final String DEFAULT = "Anonymous";

    private UserNames() {
    }

    /** Returns the trimmed name, or {@code null} if it is not a valid display name. */
    public static String normalize(String raw) {
        if (raw == null) {
            return null;
        }
        String name = raw.strip();
        if (name.isEmpty() || name.codePointCount(0, name.length()) > MAX_LENGTH) {
            return null;
        }
        for (int i = 0; i < name.length(); ) {
            int cp = name.codePointAt(i);
            if (!(Character.isLetterOrDigit(cp) || cp == ' ' || cp == '_' || cp == '-' || cp == '.')) {
                return null;
            }
            i += Character.charCount(cp);
        }
        return name;
    }
}
