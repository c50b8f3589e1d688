package de.rathaus.appointments.office;

import java.util.List;
import java.util.UUID;

/** A citizen office (Bürgerbüro) of a municipality and the services it offers. */
public record Office(UUID id, String tenant, String name, String address, List<String> services) {
}
