using Inpaint.Inference.Generation.Diffusion;
using Inpaint.Shared.Generation;
using Inpaint.Shared.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Inpaint.Inference.Tests.Generation.Diffusion;

public sealed class DifferentialDiffusionTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(50)]
    public void Alpha_0_follows_the_original_at_every_level_and_alpha_1_at_none(int steps)
    {
        int keep = DifferentialDiffusion.FollowedSteps(0f, steps), replace = DifferentialDiffusion.FollowedSteps(1f, steps);
        Assert.Equal(steps, keep);
        Assert.Equal(0, replace);
        for (int level = 0; level <= steps; level++)
        {
            Assert.True(DifferentialDiffusion.Follows(keep, level), $"alpha 0 does not follow the original at level {level} of {steps}");
            Assert.False(DifferentialDiffusion.Follows(replace, level), $"alpha 1 follows the original at level {level} of {steps}");
        }
    }

    [Fact]
    public void Followed_steps_never_increase_with_alpha_and_the_followed_levels_are_the_first_ones()
    {
        const int steps = 50;
        int previous = int.MaxValue;
        for (int i = 0; i <= 1000; i++)
        {
            float alpha = i / 1000f;
            int followed = DifferentialDiffusion.FollowedSteps(alpha, steps);
            Assert.True(followed <= previous, $"alpha {alpha} follows {followed} steps, more than {previous} at a lower alpha");
            // The first (1 − a) share of the steps, to the whole step.
            double share = (1 - (double)alpha) * steps;
            Assert.InRange(followed, share - 1, share);
            bool stillFollowing = true;
            for (int level = 0; level <= steps; level++)
            {
                bool follows = DifferentialDiffusion.Follows(followed, level);
                Assert.False(follows && !stillFollowing, $"alpha {alpha} returns to the original at level {level} after leaving it");
                stillFollowing &= follows;
            }
            previous = followed;
        }
    }

    [Fact]
    public void Apply_sets_only_the_following_elements_to_the_original_renoised_to_the_level()
    {
        var scheduler = new FlowMatchEulerScheduler(4, 12);
        float[] alpha = [0f, 0.5f, 1f];
        float[] original = [0.5f, -1f, 2f];
        float[] noise = [1f, 0.3f, -0.7f];
        var soft = new DifferentialDiffusion(scheduler, alpha, original, noise);
        for (int level = 0; level <= 4; level++)
        {
            var expected = new float[3];
            scheduler.AddNoise(original, noise, level, expected);
            float[] latents = [9f, 9f, 9f];
            soft.Apply(level, latents);
            Assert.Equal(expected[0], latents[0]);
            Assert.Equal(level <= 2 ? expected[1] : 9f, latents[1]); // alpha ½ follows the first 2 of 4 steps
            Assert.Equal(9f, latents[2]);
        }
        float[] end = [9f, 9f, 9f];
        soft.Apply(4, end);
        Assert.Equal(original[0], end[0]); // alpha 0 ends as the clean original
    }

    [Fact]
    public void The_level_after_the_last_step_is_the_clean_sample_for_both_schedulers()
    {
        float[] original = [0.5f, -0.25f, 1f];
        float[] noise = [0.3f, -1.2f, 0.7f];
        foreach (IScheduler scheduler in new IScheduler[] { new DdimScheduler(10), new FlowMatchEulerScheduler(10, 256) })
        {
            var end = new float[3];
            scheduler.AddNoise(original, noise, scheduler.Timesteps.Count, end);
            Assert.Equal(original, end);
            var last = new float[3];
            scheduler.AddNoise(original, noise, scheduler.Timesteps.Count - 1, last);
            Assert.NotEqual(original, last);
        }
    }

    [Fact]
    public void Latent_alpha_is_the_mean_over_each_8x8_block_in_every_channel_and_1_without_an_alpha()
    {
        using var crop = new Image<Rgba32>(16, 8);
        var alpha = new MaskPlane(16, 8);
        for (int y = 0; y < 8; y++)
            for (int x = 0; x < 4; x++) alpha[x, y] = 1f;   // half of block 0 at 1 …
        for (int y = 0; y < 4; y++)
            for (int x = 8; x < 16; x++) alpha[x, y] = 0.5f; // … and half of block 1 at ½
        var withAlpha = new GenerationRequest(crop, new MaskPlane(16, 8), "", 0.85, 1, alpha);
        var without = withAlpha with { Alpha = null };
        var latent = DifferentialDiffusion.LatentAlpha([withAlpha, without], 16, 8, 2);
        Assert.Equal([0.5f, 0.25f, 0.5f, 0.25f, 1f, 1f, 1f, 1f], latent);
    }

    [Fact]
    public void An_element_touching_the_region_is_generated_whatever_its_alpha()
    {
        // The feather reaches into the region, whose pixels are hidden: they are no original to follow.
        using var crop = new Image<Rgba32>(24, 8);
        var region = new MaskPlane(24, 8);
        region[15, 7] = 1f;        // one region pixel in block 1
        region[16, 0] = 0.4f;      // below 0.5: not region (block 2)
        var alpha = new MaskPlane(24, 8);
        Array.Fill(alpha.Data, 0.25f);
        var latent = DifferentialDiffusion.LatentAlpha([new GenerationRequest(crop, region, "", 0.85, 1, alpha)], 24, 8, 1);
        Assert.Equal([0.25f, 1f, 0.25f], latent);
    }

    [Fact]
    public void Block_average_resizes_an_alpha_of_another_size_first()
    {
        var alpha = new MaskPlane(32, 16);
        Array.Fill(alpha.Data, 0.25f);
        Assert.Equal([0.25f, 0.25f], PixelPlanes.BlockAverage(alpha, 16, 8, 8));
    }
}
