package de.rathaus.notifications.preferences;

import de.rathaus.notifications.api.PreferencesApi;
import de.rathaus.notifications.api.model.PreferenceChangeDto;
import de.rathaus.notifications.api.model.PreferencesDto;
import de.rathaus.notifications.api.model.PreferencesUpdateDto;
import de.rathaus.notifications.events.EventCatalog;
import de.rathaus.notifications.templates.Languages;
import de.rathaus.platform.security.CurrentUser;
import de.rathaus.platform.web.InvalidInputException;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.RestController;

/** A citizen reads and changes their own notification preferences; every change is audited (who, when, old → new). */
@RestController
@PreAuthorize("hasRole('citizen')")
class PreferenceController implements PreferencesApi {

    private final PreferenceRepository preferences;
    private final PreferencesMapper mapper;
    private final Clock clock;

    PreferenceController(PreferenceRepository preferences, PreferencesMapper mapper, Clock clock) {
        this.preferences = preferences;
        this.mapper = mapper;
        this.clock = clock;
    }

    @Override
    public ResponseEntity<PreferencesDto> getPreferences() {
        CurrentUser citizen = CurrentUser.get();
        return ResponseEntity.ok(mapper.toDto(preferences.find(citizen.tenant(), citizen.subject()).orElse(Preferences.defaults())));
    }

    @Override
    @Transactional
    public ResponseEntity<PreferencesDto> updatePreferences(PreferencesUpdateDto update) {
        CurrentUser citizen = CurrentUser.get();
        if (!Languages.isSupported(update.getLanguage())) {
            throw new InvalidInputException("language", "must be one of " + String.join(", ", Languages.ALL));
        }
        List<String> optOuts = update.getOptOuts() == null ? List.of() : List.copyOf(new LinkedHashSet<>(update.getOptOuts()));
        for (String category : optOuts) {
            if (!EventCatalog.CATEGORIES.contains(category)) {
                throw new InvalidInputException("optOuts", "'%s' is no category; known are %s".formatted(category, String.join(", ", EventCatalog.CATEGORIES)));
            }
        }
        LinkedHashSet<String> channels = new LinkedHashSet<>();
        channels.add(Preferences.INBOX);
        update.getChannels().forEach(c -> channels.add(c.getValue()));
        Preferences before = preferences.findForUpdate(citizen.tenant(), citizen.subject()).orElse(Preferences.defaults());
        Preferences after = new Preferences(List.copyOf(channels), update.getLanguage(), optOuts, clock.instant(), true);
        if (before.explicit() && before.channels().equals(after.channels()) && before.language().equals(after.language())
                && before.optOuts().equals(after.optOuts())) {
            return ResponseEntity.ok(mapper.toDto(before));
        }
        preferences.upsert(citizen.tenant(), citizen.subject(), after);
        preferences.audit(citizen.tenant(), citizen.subject(), citizen.subject(), after.updatedAt(), before, after);
        return ResponseEntity.ok(mapper.toDto(after));
    }

    @Override
    public ResponseEntity<List<PreferenceChangeDto>> listPreferenceChanges() {
        CurrentUser citizen = CurrentUser.get();
        return ResponseEntity.ok(preferences.changes(citizen.tenant(), citizen.subject()).stream()
                .map(mapper::toDto)
                .toList());
    }
}
