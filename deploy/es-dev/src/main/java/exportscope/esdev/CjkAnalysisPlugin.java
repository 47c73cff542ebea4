package exportscope.esdev;

import java.util.Map;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.cjk.CJKAnalyzer;
import org.elasticsearch.index.analysis.AbstractIndexAnalyzerProvider;
import org.elasticsearch.index.analysis.Analysis;
import org.elasticsearch.index.analysis.AnalyzerProvider;
import org.elasticsearch.indices.analysis.AnalysisModule.AnalysisProvider;
import org.elasticsearch.plugins.AnalysisPlugin;
import org.elasticsearch.plugins.Plugin;

/**
 * Registers the {@code cjk} analyzer.
 *
 * <p>In a real distribution the analyzer comes from the {@code analysis-common}
 * module, which Elastic does not publish on Maven Central for 8.x. Both wrap
 * the same Lucene {@link CJKAnalyzer} (standard tokenizer, CJK width
 * folding, lowercase, CJK bigrams, English stop words unless
 * {@code stopwords} says otherwise), so index templates written against this
 * node work unchanged on a real cluster.
 */
public final class CjkAnalysisPlugin extends Plugin implements AnalysisPlugin {

    @Override
    public Map<String, AnalysisProvider<AnalyzerProvider<? extends Analyzer>>> getAnalyzers() {
        return Map.of("cjk", (indexSettings, env, name, settings) -> {
            CJKAnalyzer analyzer = new CJKAnalyzer(Analysis.parseStopWords(env, settings, CJKAnalyzer.getDefaultStopSet()));
            return new AbstractIndexAnalyzerProvider<CJKAnalyzer>(name, settings) {
                @Override
                public CJKAnalyzer get() {
                    return analyzer;
                }
            };
        });
    }
}
