package de.rathaus.appointments.booking;

/**
 * Where a place goes that an appointment gave back (cancelled, rescheduled, an expired hold): the waitlist offers it
 * to the next waiter. Booking declares what it needs and the waitlist, which builds on booking, implements it, so the
 * two do not depend on each other.
 */
public interface FreedPlaces {

    /**
     * The place of {@code freed} (its office, service and run of slot units) is free again. Runs inside the
     * transaction that gave it back.
     */
    void offer(Appointment freed);
}
