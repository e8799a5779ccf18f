using Modelplane.ModelBuilder.Data;

namespace Modelplane.ModelBuilder.Tests.Data;

public sealed class FeatureCsvWriterTests
{
    [Fact]
    public void Writes_a_header_and_rows_in_shortest_round_trip_form_with_lf_line_breaks()
    {
        var csv = FeatureCsvWriter.Write(["a", "b"], [[5.1, 3.0], [-0.25, 1e-7]]);

        Assert.Equal("a,b\n5.1,3\n-0.25,1E-07\n", csv);
    }

    [Fact]
    public void Refuses_a_row_of_the_wrong_width()
    {
        var error = Assert.Throws<ArgumentException>(() => FeatureCsvWriter.Write(["a", "b"], [[1.0, 2.0], [3.0]]));

        Assert.StartsWith("Row 2 has 1 values for 2 features.", error.Message, StringComparison.Ordinal);
    }
}
