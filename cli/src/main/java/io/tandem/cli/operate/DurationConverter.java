package io.tandem.cli.operate;

import io.tandem.cli.config.SettingType;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses durations on the command line the same way as in configuration files (500ms, 2s, 5m, 1h). */
public final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        try {
            return SettingType.DURATION.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage() + "; expected " + SettingType.DURATION.form());
        }
    }
}
