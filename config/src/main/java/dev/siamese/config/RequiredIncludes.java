package dev.siamese.config;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigIncludeContext;
import com.typesafe.config.ConfigIncluder;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOriginFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigParseable;

/**
 * Makes a HOCON {@code include} of a file that does not exist an error: HOCON skips a missing include silently, so a
 * misspelt {@code include "base-experment.conf"} would run with none of its settings. An include whose file exists
 * (with or without HOCON's implied {@code .conf}, {@code .json} or {@code .properties}) reads as HOCON reads it.
 */
final class RequiredIncludes implements ConfigIncluder {
    private static final String[] IMPLIED = {"", ".conf", ".json", ".properties"};
    private final ConfigIncluder fallback;

    private RequiredIncludes(ConfigIncluder fallback) {
        this.fallback = fallback;
    }

    /** {@code options} with this check in front of their includer. */
    static ConfigParseOptions on(ConfigParseOptions options) {
        return options.prependIncluder(new RequiredIncludes(null));
    }

    @Override
    public ConfigIncluder withFallback(ConfigIncluder other) {
        return fallback == other ? this : new RequiredIncludes(fallback == null ? other : fallback.withFallback(other));
    }

    @Override
    public ConfigObject include(ConfigIncludeContext context, String what) {
        ConfigObject included = fallback == null ? ConfigFactory.empty().root() : fallback.include(context, what);
        if (included.isEmpty() && !exists(context, what)) {
            throw new ConfigException.IO(ConfigOriginFactory.newSimple("include \"" + what + "\""), "names no file"
                    + " that exists (HOCON would skip it silently); correct the name or remove the include");
        }
        return included;
    }

    private static boolean exists(ConfigIncludeContext context, String what) {
        for (String suffix : IMPLIED) {
            ConfigParseable candidate = context.relativeTo(what + suffix);
            if (candidate == null) {
                continue;
            }
            try {
                candidate.parse(context.parseOptions().setAllowMissing(false));
                return true;
            } catch (ConfigException.IO missing) {
                // not this one
            } catch (ConfigException other) {
                return true; // it exists; its own error is reported where it is read
            }
        }
        return false;
    }
}
