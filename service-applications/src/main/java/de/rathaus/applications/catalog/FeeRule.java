package de.rathaus.applications.catalog;

import de.rathaus.platform.web.InvalidInputException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * How the fee of a service type is computed: FIXED {@code amountCents}, or PER_UNIT the product of numeric form
 * fields ({@code factors}, JSON pointers) times {@code centsPerUnit}, at least {@code minimumCents} (e.g.
 * Sondernutzung: m² × days × 0,50 EUR). {@code payBeforeProcessing}: the case waits in AWAITING_PAYMENT;
 * {@code refundOnRejection}: a paid fee is refunded when the application is rejected.
 */
public record FeeRule(Type type, Long amountCents, Long centsPerUnit, List<String> factors, Long minimumCents,
                      Boolean payBeforeProcessing, Boolean refundOnRejection) {

    public enum Type { FIXED, PER_UNIT }

    public FeeRule {
        if (type == null) {
            throw new InvalidInputException("feeRule.type", "is required");
        }
        if (type == Type.FIXED && (amountCents == null || amountCents < 0)) {
            throw new InvalidInputException("feeRule.amountCents", "is required for a FIXED fee and must not be negative");
        }
        if (type == Type.PER_UNIT && (centsPerUnit == null || centsPerUnit < 0 || factors == null || factors.isEmpty())) {
            throw new InvalidInputException("feeRule.factors", "a PER_UNIT fee needs centsPerUnit and at least one factor");
        }
        factors = factors == null ? List.of() : List.copyOf(factors);
    }

    public boolean paysBeforeProcessing() {
        return Boolean.TRUE.equals(payBeforeProcessing);
    }

    public boolean refundsOnRejection() {
        return Boolean.TRUE.equals(refundOnRejection);
    }

    /** The fee shown in the catalog: the fixed amount, or the minimum of a computed one. */
    public long displayAmountCents() {
        return type == Type.FIXED ? amountCents : minimumCents == null ? 0 : minimumCents;
    }

    /** The fee for validated form data; rounds half up to whole cents. */
    public long compute(JsonNode form) {
        if (type == Type.FIXED) {
            return amountCents;
        }
        BigDecimal amount = BigDecimal.valueOf(centsPerUnit);
        for (String pointer : factors) {
            JsonNode value = form.at(pointer);
            if (!value.isNumber()) {
                throw new InvalidInputException("formData" + pointer.replace('/', '.'), "must be a number (the fee depends on it)");
            }
            amount = amount.multiply(value.decimalValue());
        }
        long cents = amount.setScale(0, RoundingMode.HALF_UP).longValueExact();
        return Math.max(cents, minimumCents == null ? 0 : minimumCents);
    }
}
