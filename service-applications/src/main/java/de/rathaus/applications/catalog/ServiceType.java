package de.rathaus.applications.catalog;

/** A service of a municipality's catalog that citizens can apply for. */
public record ServiceType(String tenant, String key, String name, long feeAmountCents) {
}
