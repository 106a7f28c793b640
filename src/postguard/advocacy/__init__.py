"""Employee advocacy (R17–R19): approved content, tracked shares, measurement, competitions."""
