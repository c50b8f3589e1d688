package de.rathaus.appointments.booking;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CalendarFileTest {

    @Test
    void linesAreFoldedAt75OctetsWithoutSplittingCharacters() {
        String line = "DESCRIPTION:" + "Bürgerbüro ".repeat(20) + "😀 Ende";

        String folded = CalendarFile.fold(line + "\r\nEND:VEVENT\r\n");

        assertThat(folded.split("\r\n")).allSatisfy(l -> assertThat(l.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(75));
        assertThat(folded.replace("\r\n ", "")).as("unfolding restores the text").isEqualTo(line + "\r\nEND:VEVENT\r\n");
        assertThat(folded).endsWith("\r\nEND:VEVENT\r\n");
    }
}
