package de.rathaus.payments.payment;

/** Why a payment finished without money; the codes of GOV.UK Pay's API, so that integrators recognise them. */
public enum FailureCode {
    DECLINED("P0010", "The payment was declined by the provider."),
    EXPIRED("P0020", "The payment was not completed in time and expired."),
    CANCELLED_BY_PAYER("P0030", "The payer cancelled the payment."),
    CANCELLED_BY_MUNICIPALITY("P0040", "The municipality cancelled the payment."),
    PROVIDER_ERROR("P0050", "The payment provider reported an error.");

    private final String code;
    private final String message;

    FailureCode(String code, String message) {
        this.code = code;
        this.message = message;
    }

    public String code() {
        return code;
    }

    public String message() {
        return message;
    }
}
