package de.rathaus.appointments.office;

/** An office after an admin's change, and how many reservations and appointments the change cancelled. */
public record OfficeChange(Office office, int cancelledAppointments, int releasedHolds) {
}
