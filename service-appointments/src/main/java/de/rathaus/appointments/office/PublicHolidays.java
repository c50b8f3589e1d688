package de.rathaus.appointments.office;

import de.focus_shift.jollyday.core.Holiday;
import de.focus_shift.jollyday.core.HolidayCalendar;
import de.focus_shift.jollyday.core.HolidayManager;
import de.focus_shift.jollyday.core.HolidayType;
import de.focus_shift.jollyday.core.ManagerParameters;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import org.springframework.stereotype.Component;

/** Public holidays of a German federal state, from jollyday's maintained calendar data. */
@Component
public class PublicHolidays {

    private final HolidayManager germany = HolidayManager.getInstance(ManagerParameters.create(HolidayCalendar.GERMANY));

    /** The state's public holidays of the year of {@code today} and the next (what slot generation needs). */
    public List<Holiday> thisAndNextYear(String federalState, LocalDate today) {
        return between(federalState, today.withDayOfYear(1), today.plusYears(1).withMonth(12).withDayOfMonth(31));
    }

    /** Statutory public holidays of the state (lower-case ISO 3166-2 code without "DE-", e.g. nw) in [from, to]. */
    public List<Holiday> between(String federalState, LocalDate from, LocalDate to) {
        return germany.getHolidays(from, to, HolidayType.PUBLIC_HOLIDAY, federalState).stream()
                .sorted(Comparator.comparing(Holiday::getDate))
                .toList();
    }
}
