package de.rathaus.appointments.office;

import de.rathaus.appointments.office.Office.BookingWindow;
import de.rathaus.appointments.office.Office.WaitlistMode;

/** What an admin sets on an office besides its services, opening hours and closures. */
public record OfficeSettings(String name, String address, Double latitude, Double longitude, String accessibility,
                             boolean stepFree, String federalState, int counters, int holdMinutes,
                             WaitlistMode waitlistMode, int waitlistHoldMinutes, BookingWindow bookingWindow) {
}
