package de.rathaus.notifications.templates;

import java.math.BigDecimal;
import java.text.NumberFormat;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Currency;
import java.util.Locale;

/**
 * Formatting helpers available to templates as {@code fmt}: dates and times in Europe/Berlin, money from cents.
 * Values come from the payload map as ISO strings or numbers; something unreadable is printed as it is.
 */
public final class Formats {

    private static final ZoneId LOCAL = ZoneId.of("Europe/Berlin");
    private final Locale locale;
    private final DateTimeFormatter day;
    private final DateTimeFormatter time;

    public Formats(Locale locale) {
        this.locale = locale;
        boolean german = "de".equals(locale.getLanguage());
        this.day = DateTimeFormatter.ofPattern(german ? "EEEE, d. MMMM yyyy" : "EEEE, d MMMM yyyy", locale);
        this.time = DateTimeFormatter.ofPattern("HH:mm", locale);
    }

    public String date(Object value) {
        if (value == null) {
            return "";
        }
        ZonedDateTime dateTime = parse(value.toString());
        if (dateTime != null) {
            return day.format(dateTime);
        }
        try {
            return day.format(LocalDate.parse(value.toString()));
        } catch (DateTimeParseException e) {
            return value.toString();
        }
    }

    public String time(Object value) {
        ZonedDateTime dateTime = value == null ? null : parse(value.toString());
        return dateTime == null ? String.valueOf(value == null ? "" : value) : time.format(dateTime);
    }

    public String dateTime(Object value) {
        ZonedDateTime dateTime = value == null ? null : parse(value.toString());
        return dateTime == null ? String.valueOf(value == null ? "" : value) : day.format(dateTime) + ", " + time.format(dateTime);
    }

    /** {@code 1050, "EUR"} → {@code 10,50 €} (de) or {@code €10.50} (en). */
    public String money(Object cents, Object currency) {
        if (cents == null) {
            return "";
        }
        BigDecimal amount;
        try {
            amount = new BigDecimal(cents.toString()).movePointLeft(2);
        } catch (NumberFormatException e) {
            return cents.toString();
        }
        NumberFormat format = NumberFormat.getCurrencyInstance(locale);
        try {
            format.setCurrency(Currency.getInstance(currency == null ? "EUR" : currency.toString()));
        } catch (IllegalArgumentException e) {
            format.setCurrency(Currency.getInstance("EUR"));
        }
        return format.format(amount).replace('\u00a0', ' ');
    }

    private static ZonedDateTime parse(String value) {
        try {
            return OffsetDateTime.parse(value).atZoneSameInstant(LOCAL);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
