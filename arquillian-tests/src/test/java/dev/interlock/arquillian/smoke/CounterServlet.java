package dev.interlock.arquillian.smoke;

import java.io.IOException;
import java.io.PrintWriter;

import dev.interlock.api.Interlock;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Part of the smoke WAR: counts with the injected {@link CounterBean} (or, if injection did
 * not happen, the one {@code CDI.current()} gives) and reports, one {@code name=value} a line,
 * what the test checks.
 */
@WebServlet("/count")
public class CounterServlet extends HttpServlet
{
    @Inject
    CounterBean counter;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException
    {
        CounterBean fromCdi = CDI.current().select(CounterBean.class).get();
        CounterBean c = counter != null ? counter : fromCdi;
        int count = c.increment();
        response.setContentType("text/plain;charset=utf-8");
        PrintWriter out = response.getWriter();
        out.println("injected=" + (counter != null));
        out.println("count=" + count);
        out.println("beanClass=" + c.getClass().getName());
        out.println("cdiCurrentBeanClass=" + fromCdi.getClass().getName());
        out.println("holdsLock=" + Interlock.holdsLock());
        out.println("servletLoader=" + loaderName(getClass()));
        out.println("cdiApiLoader=" + loaderName(CDI.class));
        out.println("interlockApiLoader=" + loaderName(Interlock.class));
    }

    private static String loaderName(Class<?> type)
    {
        ClassLoader loader = type.getClassLoader();
        return loader == null ? "bootstrap" : loader.getClass().getName();
    }
}
