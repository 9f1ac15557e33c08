package dev.interlock.audit.rules;

import java.util.Map;
import java.util.Set;

/**
 * The JDK types the audit knows to be unsafe, or safe, to share between threads. These lists
 * are the ones {@code audit/README.md} documents: keep the two in step.
 */
final class JdkTypes
{
    /**
     * Types whose every call may change the object's internal state (a format's calendar and
     * digit buffers, a matcher's position, a digest's running state): any use of a shared one
     * at request time is a finding.
     */
    static final Set<String> STATEFUL = Set.of(
        "java/text/Format", "java/text/DateFormat", "java/text/SimpleDateFormat", "java/text/NumberFormat",
        "java/text/DecimalFormat", "java/text/ChoiceFormat", "java/text/MessageFormat",
        "java/util/Calendar", "java/util/GregorianCalendar",
        "java/util/regex/Matcher", "java/util/Formatter", "java/util/Scanner",
        "java/security/MessageDigest", "javax/crypto/Cipher", "javax/crypto/Mac",
        "java/util/zip/Deflater", "java/util/zip/Inflater", "java/util/zip/CRC32", "java/util/zip/Adler32",
        "javax/xml/parsers/DocumentBuilder", "javax/xml/parsers/SAXParser", "javax/xml/transform/Transformer",
        "javax/xml/xpath/XPath", "javax/xml/xpath/XPathExpression");

    /** Calls on a {@link #STATEFUL} object that only read what never changes. */
    static final Set<String> HARMLESS = Set.of("getClass", "hashCode", "equals", "clone", "toString", "toPattern", "toLocalizedPattern");

    private static final Set<String> COLLECTION_MUTATORS = Set.of(
        "add", "addAll", "addFirst", "addLast", "offer", "offerFirst", "offerLast", "push", "pop", "poll", "pollFirst",
        "pollLast", "remove", "removeAll", "removeIf", "removeFirst", "removeLast", "retainAll", "clear", "set", "sort",
        "replaceAll", "put", "putAll", "putIfAbsent", "putFirst", "putLast", "compute", "computeIfAbsent", "computeIfPresent",
        "merge", "replace", "pollFirstEntry", "pollLastEntry", "trimToSize", "ensureCapacity");

    private static final Set<String> BUILDER_MUTATORS = Set.of(
        "append", "appendCodePoint", "insert", "delete", "deleteCharAt", "replace", "reverse", "setLength", "setCharAt",
        "trimToSize", "ensureCapacity", "repeat");

    private static final Set<String> BITSET_MUTATORS = Set.of("set", "clear", "flip", "and", "or", "xor", "andNot");

    /** Concrete collections (and builders) that are not thread-safe when modified, with their modifying methods. */
    static final Map<String, Set<String>> UNSAFE_MUTABLE = Map.ofEntries(
        Map.entry("java/util/HashMap", COLLECTION_MUTATORS), Map.entry("java/util/LinkedHashMap", COLLECTION_MUTATORS),
        Map.entry("java/util/TreeMap", COLLECTION_MUTATORS), Map.entry("java/util/IdentityHashMap", COLLECTION_MUTATORS),
        Map.entry("java/util/WeakHashMap", COLLECTION_MUTATORS), Map.entry("java/util/EnumMap", COLLECTION_MUTATORS),
        Map.entry("java/util/HashSet", COLLECTION_MUTATORS), Map.entry("java/util/LinkedHashSet", COLLECTION_MUTATORS),
        Map.entry("java/util/TreeSet", COLLECTION_MUTATORS), Map.entry("java/util/EnumSet", COLLECTION_MUTATORS),
        Map.entry("java/util/ArrayList", COLLECTION_MUTATORS), Map.entry("java/util/LinkedList", COLLECTION_MUTATORS),
        Map.entry("java/util/ArrayDeque", COLLECTION_MUTATORS), Map.entry("java/util/PriorityQueue", COLLECTION_MUTATORS),
        Map.entry("java/util/BitSet", BITSET_MUTATORS), Map.entry("java/lang/StringBuilder", BUILDER_MUTATORS));

    /**
     * Interfaces through which a collection is modified; whether that is safe depends on the
     * implementation stored in the field.
     */
    static final Map<String, Set<String>> COLLECTION_INTERFACES = Map.ofEntries(
        Map.entry("java/util/Collection", COLLECTION_MUTATORS), Map.entry("java/util/List", COLLECTION_MUTATORS),
        Map.entry("java/util/Set", COLLECTION_MUTATORS), Map.entry("java/util/SortedSet", COLLECTION_MUTATORS),
        Map.entry("java/util/NavigableSet", COLLECTION_MUTATORS), Map.entry("java/util/Queue", COLLECTION_MUTATORS),
        Map.entry("java/util/Deque", COLLECTION_MUTATORS), Map.entry("java/util/Map", COLLECTION_MUTATORS),
        Map.entry("java/util/SortedMap", COLLECTION_MUTATORS), Map.entry("java/util/NavigableMap", COLLECTION_MUTATORS),
        Map.entry("java/util/SequencedCollection", COLLECTION_MUTATORS), Map.entry("java/util/SequencedMap", COLLECTION_MUTATORS),
        Map.entry("java/util/SequencedSet", COLLECTION_MUTATORS), Map.entry("java/util/AbstractMap", COLLECTION_MUTATORS),
        Map.entry("java/util/AbstractList", COLLECTION_MUTATORS), Map.entry("java/util/AbstractCollection", COLLECTION_MUTATORS),
        Map.entry("java/util/AbstractSet", COLLECTION_MUTATORS));

    /** Static factories whose result is not thread-safe to modify (or, for the formats, to use). */
    private static final Set<String> UNSAFE_FACTORIES = Set.of(
        "java/util/Arrays.asList", "java/util/EnumSet.noneOf", "java/util/EnumSet.allOf", "java/util/EnumSet.of",
        "java/util/EnumSet.copyOf", "java/util/EnumSet.range", "java/util/EnumSet.complementOf",
        "java/text/DateFormat.getDateInstance", "java/text/DateFormat.getDateTimeInstance", "java/text/DateFormat.getTimeInstance",
        "java/text/DateFormat.getInstance", "java/text/NumberFormat.getInstance", "java/text/NumberFormat.getNumberInstance",
        "java/text/NumberFormat.getCurrencyInstance", "java/text/NumberFormat.getPercentInstance",
        "java/text/NumberFormat.getIntegerInstance", "java/text/NumberFormat.getCompactNumberInstance",
        "java/util/Calendar.getInstance", "java/util/regex/Pattern.matcher", "java/security/MessageDigest.getInstance",
        "javax/crypto/Cipher.getInstance", "javax/crypto/Mac.getInstance",
        "javax/xml/parsers/DocumentBuilderFactory.newDocumentBuilder", "javax/xml/transform/TransformerFactory.newTransformer",
        "javax/xml/xpath/XPathFactory.newXPath");

    /** Classes that are safe to share: synchronized or concurrent implementations. */
    private static final Set<String> SAFE_CLASSES = Set.of(
        "java/util/Vector", "java/util/Hashtable", "java/util/Properties", "java/util/Stack", "java/lang/StringBuffer");

    private JdkTypes()
    {
    }

    /**
     * @param owner the class a call names, e.g. {@code java/util/Map}
     * @param method the method called
     * @return whether it modifies a collection or builder of a type listed here
     */
    static boolean isMutation(String owner, String method)
    {
        Set<String> mutators = UNSAFE_MUTABLE.get(owner);
        if (mutators == null)
            mutators = COLLECTION_INTERFACES.get(owner);
        return mutators != null && mutators.contains(method);
    }

    /**
     * @param owner the class a call names
     * @param method the method called
     * @return whether the call uses a {@link #STATEFUL} object in a way that changes it
     */
    static boolean isStatefulUse(String owner, String method)
    {
        return STATEFUL.contains(owner) && !HARMLESS.contains(method);
    }

    /**
     * What a value stored into a field is, by what made it ({@code new:TYPE} or {@code call:OWNER.NAME}).
     *
     * @return {@code SAFE} for concurrent, synchronized and immutable implementations, {@code UNSAFE}
     * for the types listed here, {@code UNKNOWN} for anything else
     */
    static Safety maker(String maker)
    {
        if (maker.startsWith("new:"))
        {
            String type = maker.substring(4);
            if (type.startsWith("java/util/concurrent/") || SAFE_CLASSES.contains(type))
                return Safety.SAFE;
            if (UNSAFE_MUTABLE.containsKey(type) || STATEFUL.contains(type))
                return Safety.UNSAFE;
            return Safety.UNKNOWN;
        }
        String call = maker.substring(5);
        if (call.startsWith("java/util/Collections.synchronized") || call.startsWith("java/util/Collections.unmodifiable") ||
            call.startsWith("java/util/Collections.empty") || call.startsWith("java/util/Collections.singleton") ||
            call.startsWith("java/util/concurrent/"))
            return Safety.SAFE;
        for (String immutable : new String[]{"java/util/List.", "java/util/Set.", "java/util/Map."})
        {
            if (call.equals(immutable + "of") || call.equals(immutable + "copyOf") || call.equals(immutable + "ofEntries"))
                return Safety.SAFE;
        }
        if (call.equals("java/util/stream/Stream.toList"))
            return Safety.SAFE;
        return UNSAFE_FACTORIES.contains(call) ? Safety.UNSAFE : Safety.UNKNOWN;
    }

    /**
     * @param type a field's declared type (internal name)
     * @return {@code UNSAFE} if it is one of the concrete types listed here, {@code SAFE} for the
     * concurrent and synchronized ones, else {@code UNKNOWN} (an interface, or another class)
     */
    static Safety declared(String type)
    {
        if (type.startsWith("java/util/concurrent/") || SAFE_CLASSES.contains(type))
            return Safety.SAFE;
        if (UNSAFE_MUTABLE.containsKey(type) || (STATEFUL.contains(type) && !type.equals("java/text/Format")))
            return Safety.UNSAFE;
        return Safety.UNKNOWN;
    }

    /** What the audit can say of a shared object's type. */
    enum Safety
    {
        SAFE, UNSAFE, UNKNOWN
    }
}
