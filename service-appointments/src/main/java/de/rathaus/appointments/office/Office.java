package de.rathaus.appointments.office;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.UUID;

/** A citizen office (Bürgerbüro) of a municipality: where it is, when it is open, what it offers, its booking rules. */
public record Office(UUID id, String tenant, String name, String address, Double latitude, Double longitude,
                     String accessibility, boolean stepFree, String federalState, int counters, int slotMinutes,
                     int holdMinutes, WaitlistMode waitlistMode, int waitlistHoldMinutes, BookingWindow bookingWindow,
                     List<OfficeService> services, List<OpeningHours> openingHours, List<Closure> closures,
                     int version) {

    public enum WaitlistMode { FIRST_COME, LOTTERY }

    public record BookingWindow(int earliestDays, int latestDays, String releaseTime) {
    }

    public record OfficeService(String key, int capacity, int durationSlots) {
    }

    public record OpeningHours(int dayOfWeek, LocalTime opens, LocalTime closes) {
    }

    public record Closure(LocalDate day, String reason) {
    }
}
