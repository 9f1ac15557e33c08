package it.annotated;

import java.io.IOException;

import dev.interlock.api.ApplicationGroup;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;

/** Passes requests on; its annotation routes {@code /filtered/*} to application group {@code reports}. */
@WebFilter("/filtered/*")
@ApplicationGroup("reports")
public class GroupFilter extends HttpFilter
{
    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException
    {
        chain.doFilter(request, response);
    }
}
