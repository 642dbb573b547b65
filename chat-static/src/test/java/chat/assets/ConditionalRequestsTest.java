package chat.assets;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConditionalRequestsTest {

    private static final String ETAG = "\"abc,def\"";

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "\"abc,def\"                     | true",
            "W/\"abc,def\"                   | true",
            "*                               | true",
            "'  *  '                         | true",
            "\"x\", \"abc,def\"              | true",
            "\"x\",W/\"abc,def\"             | true",
            "\"x\" ,\t \"abc,def\"           | true",
            "\"abc\"                         | false",
            "\"abc,def                       | false",
            "abc,def                         | false",
            "\"x\", garbage, \"abc,def\"     | false",
            "\"\"                            | false",
            "''                              | false",
    })
    void comparesEntityTagListsWeakly(String ifNoneMatch, boolean expected) {
        assertEquals(expected, ConditionalRequests.matchesAny(ifNoneMatch, ETAG));
    }
}
