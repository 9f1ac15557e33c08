package dev.interlock.audit.war;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * What a {@code web.xml} or {@code web-fragment.xml} declares that the audit needs: its
 * servlets, filters and listeners, their URL mappings, and whether it is metadata-complete
 * (then the container does not look at annotations, and neither does the audit).
 *
 * <p>Parsed without fetching anything: DTDs and external entities of old descriptors are not
 * loaded. Elements are matched by local name, whatever the namespace (J2EE, Java EE, Jakarta EE).</p>
 *
 * @param api {@code jakarta} for the Jakarta EE namespace, {@code javax} for the older ones, else {@code unknown}
 * @param metadataComplete the root's {@code metadata-complete="true"}
 * @param servlets servlet name to class (servlets declared with a {@code jsp-file} are left out)
 * @param jspServlets names of servlets declared with a {@code jsp-file}
 * @param filters filter name to class
 * @param listeners listener classes, in order
 * @param servletMappings servlet name to URL patterns
 * @param filterMappings filter name to URL patterns
 */
public record WebDescriptor(String api, boolean metadataComplete, Map<String, String> servlets, List<String> jspServlets,
    Map<String, String> filters, List<String> listeners, Map<String, List<String>> servletMappings, Map<String, List<String>> filterMappings)
{
    /**
     * @param resource the descriptor's bytes
     * @return what it declares
     * @throws IllegalArgumentException with the parser's message if it is not well-formed XML
     */
    public static WebDescriptor parse(Resource resource)
    {
        Document doc;
        try
        {
            DocumentBuilder builder = factory().newDocumentBuilder();
            // Old descriptors name a DTD on java.sun.com: never fetch it, resolve it to nothing.
            builder.setEntityResolver((publicId, systemId) -> new InputSource(new StringReader("")));
            builder.setErrorHandler(null);
            doc = builder.parse(new ByteArrayInputStream(resource.bytes()));
        }
        catch (SAXException | IOException | ParserConfigurationException x)
        {
            throw new IllegalArgumentException(x.getMessage() == null ? x.toString() : x.getMessage(), x);
        }
        Element root = doc.getDocumentElement();
        String ns = root.getNamespaceURI() == null ? "" : root.getNamespaceURI();
        String api = ns.startsWith("https://jakarta.ee") ? "jakarta"
            : ns.startsWith("http://java.sun.com") || ns.startsWith("http://xmlns.jcp.org") ? "javax"
            : "unknown";
        boolean metadataComplete = "true".equalsIgnoreCase(root.getAttribute("metadata-complete").trim());

        Map<String, String> servlets = new LinkedHashMap<>();
        List<String> jspServlets = new ArrayList<>();
        Map<String, String> filters = new LinkedHashMap<>();
        List<String> listeners = new ArrayList<>();
        Map<String, List<String>> servletMappings = new LinkedHashMap<>();
        Map<String, List<String>> filterMappings = new LinkedHashMap<>();
        for (Element e : children(root))
        {
            switch (e.getLocalName())
            {
                case "servlet" ->
                {
                    String name = text(e, "servlet-name");
                    String cls = text(e, "servlet-class");
                    if (cls != null)
                        servlets.put(name == null ? cls : name, cls);
                    else if (text(e, "jsp-file") != null)
                        jspServlets.add(name);
                }
                case "filter" ->
                {
                    String name = text(e, "filter-name");
                    String cls = text(e, "filter-class");
                    if (cls != null)
                        filters.put(name == null ? cls : name, cls);
                }
                case "listener" ->
                {
                    String cls = text(e, "listener-class");
                    if (cls != null)
                        listeners.add(cls);
                }
                case "servlet-mapping" -> addPatterns(servletMappings, text(e, "servlet-name"), e);
                case "filter-mapping" -> addPatterns(filterMappings, text(e, "filter-name"), e);
                default ->
                {
                }
            }
        }
        return new WebDescriptor(api, metadataComplete, servlets, jspServlets, filters, listeners, servletMappings, filterMappings);
    }

    private static DocumentBuilderFactory factory() throws ParserConfigurationException
    {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setValidating(false);
        f.setXIncludeAware(false);
        f.setExpandEntityReferences(false);
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setFeature("http://xml.org/sax/features/external-general-entities", false);
        f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        return f;
    }

    private static void addPatterns(Map<String, List<String>> mappings, String name, Element mapping)
    {
        if (name == null)
            return;
        List<String> patterns = mappings.computeIfAbsent(name, n -> new ArrayList<>());
        for (Element c : children(mapping))
        {
            if ("url-pattern".equals(c.getLocalName()))
                patterns.add(c.getTextContent().trim());
        }
    }

    private static List<Element> children(Element parent)
    {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling())
        {
            if (n instanceof Element e && e.getLocalName() != null)
                out.add(e);
        }
        return out;
    }

    private static String text(Element parent, String localName)
    {
        for (Element c : children(parent))
        {
            if (localName.equals(c.getLocalName()))
            {
                String t = c.getTextContent().trim();
                return t.isEmpty() ? null : t;
            }
        }
        return null;
    }
}
