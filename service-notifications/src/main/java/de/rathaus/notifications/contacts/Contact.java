package de.rathaus.notifications.contacts;

/**
 * How to reach a recipient, looked up at send time and never stored: e-mail, mobile number (E.164), preferred
 * language (Keycloak locale or the guest's booking language) and, for guests, the signed link to manage the booking.
 */
public record Contact(String email, String phone, String language, String manageUrl) {
}
