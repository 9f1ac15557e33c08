package dev.interlock.servlet;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.Collection;
import java.util.Enumeration;
import java.util.Map;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import jakarta.servlet.ServletResponseWrapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.Part;

/**
 * The request as application code sees it under a lock: its stream and reader release the lock
 * around input that may block, and its {@link AsyncContext} runs started tasks and listeners
 * under the same lock (and, for a named executor group, on the group's threads).
 */
class InterlockRequest extends AsyncOnGroupRequest
{
    private final LockedCallbacks callbacks;
    private ReleasingInputStream in;
    private ReleasingReader reader;
    // Parameters of a form body and parts of a multipart one are read from the client on first
    // use, then kept by the container: only the first such call may block.
    private boolean bodyParsed;

    private InterlockRequest(HttpServletRequest request, ServletWebapp webapp, LockedCallbacks callbacks)
    {
        super(request, webapp, callbacks);
        this.callbacks = callbacks;
    }

    static ServletRequest wrap(ServletRequest request, ServletWebapp webapp, LockedCallbacks callbacks)
    {
        if (!(request instanceof HttpServletRequest http) || wraps(request, InterlockRequest.class))
            return request;
        return new InterlockRequest(http, webapp, callbacks);
    }

    static boolean wraps(Object wrapper, Class<?> type)
    {
        Object o = wrapper;
        while (true)
        {
            if (type.isInstance(o))
                return true;
            if (o instanceof ServletRequestWrapper w)
                o = w.getRequest();
            else if (o instanceof ServletResponseWrapper w)
                o = w.getResponse();
            else
                return false;
        }
    }

    @Override
    public ServletInputStream getInputStream() throws IOException
    {
        ServletInputStream stream = super.getInputStream();
        if (in == null)
            in = new ReleasingInputStream(stream, callbacks);
        return in;
    }

    @Override
    public BufferedReader getReader() throws IOException
    {
        BufferedReader r = super.getReader();
        if (reader == null)
            reader = new ReleasingReader(r);
        return reader;
    }

    private boolean mayReadBody()
    {
        if (bodyParsed)
            return false;
        String type = getContentType();
        if (type == null || getContentLengthLong() == 0)
            return false;
        String t = type.toLowerCase(java.util.Locale.ROOT);
        return t.startsWith("application/x-www-form-urlencoded") || t.startsWith("multipart/form-data");
    }

    /** A parameter call that may read a form body: the lock is released while it does. */
    private <T> T parameters(java.util.function.Supplier<T> call)
    {
        if (!mayReadBody())
            return call.get();
        try
        {
            return YieldingIo.blockingBody(call::get);
        }
        catch (IOException | ServletException x)
        {
            // A Supplier throws neither.
            throw new IllegalStateException(x);
        }
        finally
        {
            bodyParsed = true;
        }
    }

    private <T> T parts(YieldingIo.BodyCall<T> call) throws IOException, ServletException
    {
        if (!mayReadBody())
            return call.call();
        try
        {
            return YieldingIo.blockingBody(call);
        }
        finally
        {
            bodyParsed = true;
        }
    }

    @Override
    public String getParameter(String name)
    {
        return parameters(() -> super.getParameter(name));
    }

    @Override
    public Map<String, String[]> getParameterMap()
    {
        return parameters(super::getParameterMap);
    }

    @Override
    public Enumeration<String> getParameterNames()
    {
        return parameters(super::getParameterNames);
    }

    @Override
    public String[] getParameterValues(String name)
    {
        return parameters(() -> super.getParameterValues(name));
    }

    @Override
    public Collection<Part> getParts() throws IOException, ServletException
    {
        return parts(super::getParts);
    }

    @Override
    public Part getPart(String name) throws IOException, ServletException
    {
        return parts(() -> super.getPart(name));
    }
}
