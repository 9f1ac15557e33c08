package it.annotated;

import dev.interlock.api.ApplicationGroup;
import it.war.CounterServlet;
import jakarta.servlet.annotation.WebServlet;

/** A racy counter whose requests run in application group {@code reports}; also declared in web.xml at {@code /declared-group}. */
@WebServlet("/annotated-group")
@ApplicationGroup("reports")
public class GroupCounterServlet extends CounterServlet
{
}
