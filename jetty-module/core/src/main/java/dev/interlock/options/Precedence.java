package dev.interlock.options;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Who wins: for one (executor group, application group, webapp), each option of one kind
 * resolved on its own from the blocks that select it. The most specific block wins and, between
 * blocks of equal specificity, the later one ({@link OptionBlock#beats}). A webapp's own file
 * then competes as a block of application-group rank, except that it may lower a limit
 * ({@link Setting#isLimit()}) the operator set and never raise it.
 */
final class Precedence
{
    private final List<OptionBlock> blocks;
    private final EnvironmentSettings environment;

    Precedence(List<OptionBlock> blocks, EnvironmentSettings environment)
    {
        this.blocks = List.copyOf(blocks);
        this.environment = environment;
    }

    /**
     * @param e the executor group, or {@code null}
     * @param a the application group, or {@code null}
     * @param w the webapp's name, or {@code null}
     * @param own the webapp's own block, or {@code null}
     * @param kind which options
     * @return each option that some block sets, with the winning value
     */
    Map<Setting<?>, OptionBlock.Value> winners(String e, String a, String w, WebappBlock own, Setting.Kind kind)
    {
        List<OptionBlock> candidates = new ArrayList<>(blocks);
        if (a != null)
            candidates.addAll(environment.applicationGroupBlocks(e, a));
        if (own != null)
        {
            candidates.add(own.operator);
            candidates.addAll(own.environment);
        }
        Map<Setting<?>, OptionBlock> best = best(candidates, e, a, w, kind);
        if (own != null)
        {
            List<OptionBlock> withFile = new ArrayList<>(candidates);
            withFile.add(own.file);
            Map<Setting<?>, OptionBlock> all = best(withFile, e, a, w, kind);
            all.forEach((s, b) ->
            {
                OptionBlock operator = best.get(s);
                if (b == own.file && s.isLimit() && operator != null && raises(b.values.get(s), operator.values.get(s)))
                {
                    OptionBlock.Value mine = b.values.get(s);
                    OptionBlock.Value theirs = operator.values.get(s);
                    own.warn.accept(mine.describe() + " is above the operator's limit " + theirs.describe() +
                        "; a webapp may lower a limit, not raise it, so " + theirs.text() + " applies");
                    return;
                }
                best.put(s, b);
            });
        }
        Map<Setting<?>, OptionBlock.Value> winners = new LinkedHashMap<>();
        best.forEach((s, b) -> winners.put(s, b.values.get(s)));
        return winners;
    }

    private static Map<Setting<?>, OptionBlock> best(List<OptionBlock> candidates, String e, String a, String w, Setting.Kind kind)
    {
        Map<Setting<?>, OptionBlock> best = new LinkedHashMap<>();
        for (OptionBlock b : candidates)
        {
            if (!b.selects(e, a, w))
                continue;
            for (Setting<?> s : b.values.keySet())
            {
                if (s.kind() == kind && b.beats(best.get(s)))
                    best.put(s, b);
            }
        }
        return best;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static boolean raises(OptionBlock.Value mine, OptionBlock.Value theirs)
    {
        return ((Comparable)mine.parsed()).compareTo(theirs.parsed()) > 0;
    }

    /**
     * @param executorGroup an executor group
     * @return the keys of the blocks that select only that executor group
     */
    List<String> keysSelecting(String executorGroup)
    {
        List<String> keys = new ArrayList<>();
        for (OptionBlock b : blocks)
        {
            if (executorGroup.equals(b.executorGroup))
                b.values.values().forEach(v -> keys.add(v.key()));
        }
        return keys;
    }

    int size()
    {
        return blocks.size();
    }
}
