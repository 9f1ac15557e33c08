package it.annotated;

import dev.interlock.api.NotThreadSafe;
import it.war.CounterServlet;
import jakarta.servlet.annotation.WebServlet;

/** A racy counter declared not thread-safe; also declared in web.xml at {@code /declared-marked}. */
@WebServlet("/annotated-marked")
@NotThreadSafe
public class MarkedCounterServlet extends CounterServlet
{
}
