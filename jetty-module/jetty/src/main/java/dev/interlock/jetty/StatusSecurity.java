package dev.interlock.jetty;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import dev.interlock.options.ConfigException;
import dev.interlock.options.Settings;
import org.eclipse.jetty.security.Constraint;
import org.eclipse.jetty.security.LoginService;
import org.eclipse.jetty.security.SecurityHandler;
import org.eclipse.jetty.security.authentication.BasicAuthenticator;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;

/**
 * The role check of the status endpoint, through Jetty's own security: BASIC authentication
 * against the server's {@link LoginService} bean, then the role. A class of its own, so that
 * jetty-security is loaded only when {@code interlock.status.role} is set.
 */
final class StatusSecurity
{
    private StatusSecurity()
    {
    }

    /**
     * @param server the server, whose one {@link LoginService} bean checks the credentials
     * @param role the role required
     * @param source where {@code interlock.status.role} came from, for the message
     * @param next what serves a request in that role
     * @return a security handler in front of {@code next}, not started
     * @throws ConfigException if the server has no {@link LoginService} bean, or more than one
     */
    static Handler secure(Server server, String role, String source, Handler next)
    {
        String key = Settings.PREFIX + Settings.STATUS_ROLE.name();
        Collection<LoginService> logins = server.getBeans(LoginService.class);
        if (logins.isEmpty())
            throw new ConfigException(key, role, source, "a role is checked through Jetty's security, and the server has no LoginService bean: " +
                "add one (such as an org.eclipse.jetty.security.HashLoginService) to the Server with addBean, or leave " + key +
                " empty to serve the status to loopback clients only");
        if (logins.size() > 1)
        {
            List<String> names = new ArrayList<>();
            logins.forEach(l -> names.add(String.valueOf(l.getName())));
            throw new ConfigException(key, role, source, "the server has " + logins.size() + " LoginService beans " + names +
                " and the status endpoint needs exactly one to check the role");
        }
        LoginService login = logins.iterator().next();
        SecurityHandler.PathMapped security = new SecurityHandler.PathMapped();
        security.setServer(server);
        // Only requests for the status reach this handler: all of them need the role.
        security.put("/*", Constraint.from(role));
        security.setAuthenticator(new BasicAuthenticator());
        security.setLoginService(login);
        // The server's, started and stopped by the server, never by this handler.
        security.unmanage(login);
        security.setRealmName(login.getName() == null ? "Interlock status" : login.getName());
        security.setHandler(next);
        return security;
    }
}
