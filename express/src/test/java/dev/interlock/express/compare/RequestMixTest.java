package dev.interlock.express.compare;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The request mix: the file format, its errors named by line, and the interleaved order that
 * sends each call as often as its weight says.
 */
class RequestMixTest
{
    @Test
    void readsCallsWeightsAndCommentsFromAFile()
    {
        List<RequestMix.Entry> entries = RequestMix.parse(List.of(
            "# the racy counter",
            "",
            "POST /increment 3",
            "  GET /count   # the reading",
            "GET /work?units=5"), "mix.txt");
        assertEquals(List.of(
            new RequestMix.Entry(new Call("POST", "/increment"), 3),
            new RequestMix.Entry(new Call("GET", "/count"), 1),
            new RequestMix.Entry(new Call("GET", "/work?units=5"), 1)), entries);
    }

    @Test
    void namesTheLineThatIsWrong()
    {
        assertEquals("mix.txt line 2: 'GET' must be METHOD PATH [WEIGHT], such as 'POST /increment 3'",
            assertThrows(IllegalArgumentException.class, () -> RequestMix.parse(List.of("GET /a", "GET"), "mix.txt")).getMessage());
        assertEquals("mix.txt line 1: the weight 'many' is not a whole number from 1 to 1000",
            assertThrows(IllegalArgumentException.class, () -> RequestMix.parse(List.of("GET /a many"), "mix.txt")).getMessage());
        assertEquals("mix.txt line 1: the weight of GET /a must be from 1 to 1000, not 0",
            assertThrows(IllegalArgumentException.class, () -> RequestMix.parse(List.of("GET /a 0"), "mix.txt")).getMessage());
        assertEquals("mix.txt line 3: 'count' is not a path from the WAR's root: it must start with /, such as /count",
            assertThrows(IllegalArgumentException.class, () -> RequestMix.parse(List.of("#", "GET /a", "GET count"), "mix.txt")).getMessage());
        assertEquals("mix.txt line 1: 'get' is not an HTTP method: give one in upper case, such as GET or POST",
            assertThrows(IllegalArgumentException.class, () -> RequestMix.parse(List.of("get /a"), "mix.txt")).getMessage());
        assertEquals("mix.txt: no request in it (one a line: METHOD PATH [WEIGHT]; # starts a comment)",
            assertThrows(IllegalArgumentException.class, () -> RequestMix.parse(List.of("# nothing"), "mix.txt")).getMessage());
    }

    @Test
    void sendsEachCallAsOftenAsItsWeightInterleaved()
    {
        RequestMix mix = RequestMix.of(List.of(
            new RequestMix.Entry(new Call("POST", "/increment"), 3),
            new RequestMix.Entry(new Call("GET", "/count"), 1)));
        List<Integer> order = new ArrayList<>();
        for (long ticket = 0; ticket < 8; ticket++)
            order.add(mix.indexAt(ticket));
        // Smooth weighted round robin: the light call comes between the heavy ones, not after a burst of them.
        assertEquals(List.of(0, 0, 1, 0, 0, 0, 1, 0), order);
        assertEquals("POST /increment x3, GET /count", mix.toString());
    }

    @Test
    void parsesOptionalMethods()
    {
        assertEquals(new Call("GET", "/work?units=5"), Call.parse("/work?units=5", "GET"));
        assertEquals(new Call("POST", "/increment"), Call.parse("  POST   /increment ", "GET"));
        assertEquals("'POST /a b' must be [METHOD ]PATH, such as /count or 'POST /increment'",
            assertThrows(IllegalArgumentException.class, () -> Call.parse("POST /a b", "GET")).getMessage());
    }

    @Test
    void refusesAnEmptyOrOversizedMix()
    {
        assertEquals("the request mix is empty: give --url PATH or --requests FILE",
            assertThrows(IllegalArgumentException.class, () -> RequestMix.of(List.of())).getMessage());
        List<RequestMix.Entry> heavy = new ArrayList<>();
        for (int i = 0; i < 11; i++)
            heavy.add(new RequestMix.Entry(new Call("GET", "/" + i), 1000));
        assertEquals("the weights of the request mix add up to 11000; at most 10000 are allowed (only their ratios matter: divide them)",
            assertThrows(IllegalArgumentException.class, () -> RequestMix.of(heavy)).getMessage());
    }
}
