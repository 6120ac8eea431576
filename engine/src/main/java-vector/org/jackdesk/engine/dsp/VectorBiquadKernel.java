package org.jackdesk.engine.dsp;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link BiquadBank}'s kernel on the Vector API: the preferred double species (eight lanes with
 * AVX-512), one lane per channel, {@link Biquad#process}'s arithmetic in each lane — multiply then
 * add, never fused, the same order — so every lane is bit-identical to the scalar kernel. Samples
 * are loaded as floats (half the vector's width) and widened, and each section's output is narrowed
 * to float and stored before the next section reads it, as the scalar cascade rounds between
 * sections.
 *
 * <p>Compiled apart from the Java 17 code, with {@code --add-modules jdk.incubator.vector}
 * (engine/pom.xml, execution {@code compile-vector}), and only loaded by {@link BiquadBank} when the
 * module is present. Thread: the bank's.
 */
final class VectorBiquadKernel implements BiquadBank.Kernel {
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Float> F = VectorSpecies.of(float.class, VectorShape.forBitSize(D.vectorBitSize() / 2));

    @Override
    public int lanes() {
        return D.length();
    }

    @Override
    public void process(float[] x, int n, int stride, int lanes, double[] coef, double[] state, int sections) {
        // One section at a time over the sub-block (equal to a fused pass: the scalar cascade's own
        // guarantee), two vectors of lanes at a time so that their recurrences overlap. A fused
        // four-section loop was tried: C2 gives up inlining the Vector API calls in a method that
        // big (NodeCountInliningCutoff), the vectors are then boxed, and it allocated ~100 KB per run.
        int vl = D.length();
        for (int s = 0; s < sections; s++) {
            int l = 0;
            for (; l + 2 * vl <= lanes; l += 2 * vl) pair(x, n, stride, l, coef, state, s);
            for (; l < lanes; l += vl) one(x, n, stride, l, coef, state, s);
        }
    }

    private static void pair(float[] x, int n, int stride, int l, double[] coef, double[] state, int s) {
        int m = l + D.length();
        DoubleVector b0 = c(coef, stride, l, s, 0), b1 = c(coef, stride, l, s, 1), b2 = c(coef, stride, l, s, 2);
        DoubleVector a1 = c(coef, stride, l, s, 3), a2 = c(coef, stride, l, s, 4);
        DoubleVector e0 = c(coef, stride, m, s, 0), e1 = c(coef, stride, m, s, 1), e2 = c(coef, stride, m, s, 2);
        DoubleVector f1 = c(coef, stride, m, s, 3), f2 = c(coef, stride, m, s, 4);
        int z = s * 2 * stride + l, w = s * 2 * stride + m;
        DoubleVector z1 = DoubleVector.fromArray(D, state, z), z2 = DoubleVector.fromArray(D, state, z + stride);
        DoubleVector w1 = DoubleVector.fromArray(D, state, w), w2 = DoubleVector.fromArray(D, state, w + stride);
        for (int i = 0, p = l; i < n; i++, p += stride) {
            DoubleVector v = load(x, p), u = load(x, p + D.length());
            DoubleVector y = b0.mul(v).add(z1), t = e0.mul(u).add(w1);
            z1 = b1.mul(v).add(z2).sub(a1.mul(y));
            w1 = e1.mul(u).add(w2).sub(f1.mul(t));
            z2 = b2.mul(v).sub(a2.mul(y));
            w2 = e2.mul(u).sub(f2.mul(t));
            store(y, x, p);
            store(t, x, p + D.length());
        }
        z1.intoArray(state, z);
        z2.intoArray(state, z + stride);
        w1.intoArray(state, w);
        w2.intoArray(state, w + stride);
    }

    private static DoubleVector load(float[] x, int p) {
        return (DoubleVector) FloatVector.fromArray(F, x, p).convertShape(VectorOperators.F2D, D, 0);
    }

    private static void store(DoubleVector y, float[] x, int p) {
        ((FloatVector) y.convertShape(VectorOperators.D2F, F, 0)).intoArray(x, p);
    }

    private static DoubleVector c(double[] coef, int stride, int l, int s, int j) {
        return DoubleVector.fromArray(D, coef, (s * 5 + j) * stride + l);
    }

    private static void one(float[] x, int n, int stride, int l, double[] coef, double[] state, int s) {
        DoubleVector b0 = c(coef, stride, l, s, 0), b1 = c(coef, stride, l, s, 1), b2 = c(coef, stride, l, s, 2);
        DoubleVector a1 = c(coef, stride, l, s, 3), a2 = c(coef, stride, l, s, 4);
        int z = s * 2 * stride + l;
        DoubleVector z1 = DoubleVector.fromArray(D, state, z), z2 = DoubleVector.fromArray(D, state, z + stride);
        for (int i = 0, p = l; i < n; i++, p += stride) {
            DoubleVector v = load(x, p);
            DoubleVector y = b0.mul(v).add(z1);
            z1 = b1.mul(v).add(z2).sub(a1.mul(y));
            z2 = b2.mul(v).sub(a2.mul(y));
            store(y, x, p);
        }
        z1.intoArray(state, z);
        z2.intoArray(state, z + stride);
    }
}
