package de.rathaus.applications.audit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AuditLogPurposeTest {

    @Test
    void aMissingOrBlankPurposeIsTheDefault() {
        assertThat(AuditLog.purposeOf(null)).isEqualTo(AuditLog.DEFAULT_PURPOSE);
        assertThat(AuditLog.purposeOf("  ")).isEqualTo(AuditLog.DEFAULT_PURPOSE);
    }

    @Test
    void plainAsciiIsRecordedAsSent() {
        assertThat(AuditLog.purposeOf(" Rueckfrage Halter ")).isEqualTo("Rueckfrage Halter");
        assertThat(AuditLog.purposeOf("a+b")).as("a plus is no space in a header").isEqualTo("a+b");
    }

    @Test
    void percentEncodedUtf8IsDecoded() {
        assertThat(AuditLog.purposeOf("R%C3%BCckfrage%20Halter")).isEqualTo("Rückfrage Halter");
        assertThat(AuditLog.purposeOf("%C3%84nderung%20Stra%C3%9Fenname")).isEqualTo("Änderung Straßenname");
    }

    @Test
    void whatIsNotValidPercentEncodedUtf8IsKeptAsItCame() {
        assertThat(AuditLog.purposeOf("Pruefung zu 100%")).isEqualTo("Pruefung zu 100%");
        assertThat(AuditLog.purposeOf("50%ig")).isEqualTo("50%ig");
        assertThat(AuditLog.purposeOf("%FC")).as("Latin-1, not UTF-8").isEqualTo("%FC");
        assertThat(AuditLog.purposeOf("a%0Ab")).as("no control characters in the trail").isEqualTo("a%0Ab");
        assertThat(AuditLog.purposeOf("%20")).isEqualTo("%20");
    }
}
