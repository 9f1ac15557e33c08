package dev.interlock.cdi.testing;

import java.util.List;

import dev.interlock.api.Interlock;
import dev.interlock.api.InterlockSettings;
import dev.interlock.lock.GroupLock;
import dev.interlock.lock.LockFrame;
import dev.interlock.lock.LockSettings;
import dev.interlock.options.EffectiveSettings;
import dev.interlock.options.InterlockConfig;
import dev.interlock.options.ResolvedLock;
import dev.interlock.options.SettingValue;
import dev.interlock.options.Settings;
import dev.interlock.options.StopSettings;
import dev.interlock.options.WebappBlock;
import dev.interlock.options.WebappSettings;
import dev.interlock.workers.WebappLocks;

/**
 * A webapp's settings and not-thread-safe lock as the engine has them: the settings resolved by
 * the engine's own {@link InterlockConfig} from the operator's settings, and a real
 * {@link GroupLock} of the webapp's default application group, taken strictly and re-entrantly
 * through {@link LockFrame#runStrict} (what {@code WebappBinding.serialized} does).
 */
public final class TestLocks implements WebappLocks
{
    private final EffectiveSettings settings;
    private final GroupLock lock;
    private final LockSettings lockSettings;

    /**
     * @param contextPath the webapp's context path
     * @param operator the operator's settings, such as {@code interlock.webapps.shop.lock=application}
     */
    TestLocks(String contextPath, List<SettingValue> operator)
    {
        String name = Settings.webappName(contextPath);
        InterlockConfig config = InterlockConfig.parse(operator);
        WebappBlock own = config.webappBlock(name, contextPath, List.of(), List.of(), warning -> { });
        WebappSettings webapp = config.resolveWebapp(name, contextPath, own);
        ResolvedLock resolved = config.resolveLock(webapp.executorGroup(), webapp.applicationGroup(), name, own);
        StopSettings stop = config.resolveStop(webapp.executorGroup(), webapp.applicationGroup(), name, own);
        this.settings = new EffectiveSettings(webapp, resolved, stop, config.inForce(webapp, own));
        this.lock = new GroupLock(webapp.applicationGroup());
        this.lockSettings = resolved.settings();
    }

    @Override
    public InterlockSettings settings()
    {
        return settings;
    }

    @Override
    public <T, X extends Throwable> T serialized(Interlock.Section<T, X> section) throws X
    {
        return LockFrame.current().runStrict(lock, lockSettings, section);
    }

    /**
     * @return the lock {@link #serialized} takes
     */
    public GroupLock lock()
    {
        return lock;
    }
}
