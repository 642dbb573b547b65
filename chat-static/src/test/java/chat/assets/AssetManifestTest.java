package chat.assets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AssetManifestTest {

    @Test
    void skipsCommentsAndBlankLinesAndToleratesCrlf() {
        final String text = "# assets\r\nindex.html\r\n\r\n  css/site.css  \n# end\n";
        assertEquals(List.of("index.html", "css/site.css"), AssetManifest.parse("m", text));
    }

    @ParameterizedTest
    @ValueSource(strings = {".env", "css/.hidden", "../secret", "a//b", "/abs.html", "dir/", "a\\b", "./x"})
    void rejectsEntriesThatCouldNeverBeServed(String entry) {
        assertThrows(IllegalStateException.class, () -> AssetManifest.parse("m", entry + "\n"));
    }

    @Test
    void rejectsDuplicateEntries() {
        assertThrows(IllegalStateException.class, () -> AssetManifest.parse("m", "a.js\na.js\n"));
    }
}
