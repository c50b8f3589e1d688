package de.rathaus.applications.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.rathaus.platform.web.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Fee rules: fixed and per-unit fees, rounding, minimum, the flags, and the rules a definition must follow. */
class FeeRuleTest {

    static final JsonMapper JSON = JsonMapper.builder().build();
    /** Sondernutzung: m² × days × 0,50 EUR, at least 25 EUR. */
    static final FeeRule SONDERNUTZUNG = new FeeRule(FeeRule.Type.PER_UNIT, null, 50L, List.of("/flaecheQm", "/tage"),
            2500L, true, true);

    static JsonNode form(String json) {
        return JSON.readTree(json);
    }

    static void assertInvalid(Runnable action, String field) {
        assertThatThrownBy(action::run).isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo(field));
    }

    @Test
    void aFixedFeeIsTheSameWhateverTheForm() {
        FeeRule meldebescheinigung = new FeeRule(FeeRule.Type.FIXED, 1000L, null, null, null, true, true);

        assertThat(meldebescheinigung.compute(form("{}"))).isEqualTo(1000);
        assertThat(meldebescheinigung.compute(form("{\"anzahl\": 5}"))).isEqualTo(1000);
        assertThat(meldebescheinigung.displayAmountCents()).isEqualTo(1000);
    }

    @Test
    void aPerUnitFeeIsTheProductOfTheFactorsTimesTheCentsPerUnit() {
        assertThat(SONDERNUTZUNG.compute(form("{\"flaecheQm\": 12.5, \"tage\": 20}"))).as("12.5 × 20 × 50").isEqualTo(12500);
    }

    @Test
    void aPerUnitFeeRoundsHalfUpToWholeCents() {
        FeeRule perUnit = new FeeRule(FeeRule.Type.PER_UNIT, null, 3L, List.of("/menge"), null, null, null);

        assertThat(perUnit.compute(form("{\"menge\": 0.5}"))).as("1.5 cents").isEqualTo(2);
        assertThat(perUnit.compute(form("{\"menge\": 0.49}"))).as("1.47 cents").isEqualTo(1);
    }

    @Test
    void aPerUnitFeeIsAtLeastTheMinimum() {
        assertThat(SONDERNUTZUNG.compute(form("{\"flaecheQm\": 1, \"tage\": 2}"))).as("1 EUR, minimum 25 EUR").isEqualTo(2500);
        assertThat(SONDERNUTZUNG.displayAmountCents()).as("the catalog shows the minimum").isEqualTo(2500);
    }

    @Test
    void withoutAMinimumAPerUnitFeeMayBeNothing() {
        FeeRule perUnit = new FeeRule(FeeRule.Type.PER_UNIT, null, 50L, List.of("/tage"), null, null, null);

        assertThat(perUnit.compute(form("{\"tage\": 0}"))).isZero();
        assertThat(perUnit.displayAmountCents()).isZero();
    }

    @Test
    void aFactorThatIsNoNumberIsNamedAsTheFormField() {
        assertInvalid(() -> SONDERNUTZUNG.compute(form("{\"flaecheQm\": \"zwölf\", \"tage\": 20}")), "formData.flaecheQm");
        assertInvalid(() -> SONDERNUTZUNG.compute(form("{\"flaecheQm\": 12}")), "formData.tage");
    }

    @Test
    void nestedFactorsAreJsonPointers() {
        FeeRule perUnit = new FeeRule(FeeRule.Type.PER_UNIT, null, 100L, List.of("/flaeche/qm"), null, null, null);

        assertThat(perUnit.compute(form("{\"flaeche\": {\"qm\": 3}}"))).isEqualTo(300);
        assertInvalid(() -> perUnit.compute(form("{\"flaeche\": {}}")), "formData.flaeche.qm");
    }

    @Test
    void theFlagsAreOffUnlessSet() {
        FeeRule plain = new FeeRule(FeeRule.Type.FIXED, 2600L, null, null, null, null, null);

        assertThat(plain.paysBeforeProcessing()).isFalse();
        assertThat(plain.refundsOnRejection()).isFalse();
        assertThat(SONDERNUTZUNG.paysBeforeProcessing()).isTrue();
        assertThat(SONDERNUTZUNG.refundsOnRejection()).isTrue();
    }

    @Test
    void aDefinitionNeedsATypeAndWhatItsTypeComputesWith() {
        assertInvalid(() -> new FeeRule(null, 100L, null, null, null, null, null), "feeRule.type");
        assertInvalid(() -> new FeeRule(FeeRule.Type.FIXED, null, null, null, null, null, null), "feeRule.amountCents");
        assertInvalid(() -> new FeeRule(FeeRule.Type.FIXED, -1L, null, null, null, null, null), "feeRule.amountCents");
        assertInvalid(() -> new FeeRule(FeeRule.Type.PER_UNIT, null, null, List.of("/tage"), null, null, null), "feeRule.factors");
        assertInvalid(() -> new FeeRule(FeeRule.Type.PER_UNIT, null, -5L, List.of("/tage"), null, null, null), "feeRule.factors");
        assertInvalid(() -> new FeeRule(FeeRule.Type.PER_UNIT, null, 50L, List.of(), null, null, null), "feeRule.factors");
        assertThat(new FeeRule(FeeRule.Type.FIXED, 0L, null, null, null, null, null).compute(form("{}"))).as("free").isZero();
    }

    @Test
    void theFactorsAreCopied() {
        List<String> factors = new ArrayList<>(List.of("/tage"));
        FeeRule perUnit = new FeeRule(FeeRule.Type.PER_UNIT, null, 50L, factors, null, null, null);

        factors.add("/flaecheQm");

        assertThat(perUnit.factors()).containsExactly("/tage");
        assertThat(new FeeRule(FeeRule.Type.FIXED, 100L, null, null, null, null, null).factors()).isEmpty();
    }
}
