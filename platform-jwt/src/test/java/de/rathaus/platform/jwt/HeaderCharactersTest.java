package de.rathaus.platform.jwt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.security.web.server.firewall.StrictServerWebExchangeFirewall;

/** The firewall predicates answer exactly like Spring Security's regular expressions they replace. */
class HeaderCharactersTest {

    @Test
    void valuesAreJudgedLikeTheLibraryForEveryCharacter() {
        assertSameAnswers(HeaderCharacters::isAllowedValue, StrictHttpFirewall.ALLOWED_HEADER_VALUES);
        assertSameAnswers(HeaderCharacters::isAllowedValue, StrictServerWebExchangeFirewall.ALLOWED_HEADER_VALUES);
    }

    @Test
    void namesAreJudgedLikeTheLibraryForEveryCharacter() {
        assertSameAnswers(HeaderCharacters::isAllowedName, StrictHttpFirewall.ALLOWED_HEADER_NAMES);
        assertSameAnswers(HeaderCharacters::isAllowedName, StrictServerWebExchangeFirewall.ALLOWED_HEADER_NAMES);
        assertSameAnswers(HeaderCharacters::isAllowedName, StrictHttpFirewall.ALLOWED_PARAMETER_NAMES);
    }

    @Test
    void typicalHeadersPassAndInjectedControlsDoNot() {
        assertThat(HeaderCharacters.isAllowedValue("Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbm5hIn0.c2ln")).isTrue();
        assertThat(HeaderCharacters.isAllowedValue("Fallbearbeitung\tBürgerbüro")).isTrue();
        assertThat(HeaderCharacters.isAllowedName("X-Purpose\t")).isFalse();
        assertThat(HeaderCharacters.isAllowedValue("abc\r\nSet-Cookie: x=1")).isFalse();
        assertThat(HeaderCharacters.isAllowedValue("abc\u0000")).isFalse();
        assertThat(HeaderCharacters.isAllowedValue("abc\u0378")).isFalse(); // unassigned
        assertThat(HeaderCharacters.isAllowedValue(null)).isTrue();
    }

    private static void assertSameAnswers(Predicate<String> ours, Predicate<String> library) {
        List<String> samples = new ArrayList<>();
        for (int c = 0; c <= Character.MAX_VALUE; c++) {
            // alone (unpaired surrogates included) and between printable ASCII, which takes the fast path
            samples.add(String.valueOf((char) c));
            samples.add("a" + (char) c + "z");
        }
        for (int cp = Character.MIN_SUPPLEMENTARY_CODE_POINT; cp <= Character.MAX_CODE_POINT; cp += 97) {
            samples.add("x" + new String(Character.toChars(cp)));
        }
        samples.add("");
        samples.add("\uD800\uDC00\uDBFF"); // a pair followed by a lone high surrogate
        List<String> different = samples.stream().filter(s -> ours.test(s) != library.test(s)).toList();
        assertThat(different).as("inputs judged differently from the library").isEmpty();
    }
}
