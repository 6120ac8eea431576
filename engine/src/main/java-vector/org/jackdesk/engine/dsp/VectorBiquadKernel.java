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
 * to float and widened again before the next section, as the scalar cascade does.
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
        for (int l = 0; l < lanes; l += D.length()) {
            if (sections == 4) {
                four(x, n, stride, l, coef, state);
            } else if (sections == 2) {
                two(x, n, stride, l, coef, state);
            } else {
                // one section after the other equals a fused pass (the scalar cascade's own guarantee)
                for (int s = 0; s < sections; s++) one(x, n, stride, l, coef, state, s);
            }
        }
    }

    private static DoubleVector load(float[] x, int p) {
        return (DoubleVector) FloatVector.fromArray(F, x, p).convertShape(VectorOperators.F2D, D, 0);
    }

    private static void store(DoubleVector y, float[] x, int p) {
        ((FloatVector) y.convertShape(VectorOperators.D2F, F, 0)).intoArray(x, p);
    }

    /** y rounded to float and back: the scalar cascade's {@code x = (float) y} between sections. */
    private static DoubleVector round(DoubleVector y) {
        return (DoubleVector) y.convertShape(VectorOperators.D2F, F, 0).convertShape(VectorOperators.F2D, D, 0);
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

    private static void two(float[] x, int n, int stride, int l, double[] coef, double[] state) {
        DoubleVector p0 = c(coef, stride, l, 0, 0), p1 = c(coef, stride, l, 0, 1), p2 = c(coef, stride, l, 0, 2);
        DoubleVector p3 = c(coef, stride, l, 0, 3), p4 = c(coef, stride, l, 0, 4);
        DoubleVector q0 = c(coef, stride, l, 1, 0), q1 = c(coef, stride, l, 1, 1), q2 = c(coef, stride, l, 1, 2);
        DoubleVector q3 = c(coef, stride, l, 1, 3), q4 = c(coef, stride, l, 1, 4);
        int zu = l, zv = 2 * stride + l;
        DoubleVector u1 = DoubleVector.fromArray(D, state, zu), u2 = DoubleVector.fromArray(D, state, zu + stride);
        DoubleVector v1 = DoubleVector.fromArray(D, state, zv), v2 = DoubleVector.fromArray(D, state, zv + stride);
        for (int i = 0, p = l; i < n; i++, p += stride) {
            DoubleVector v = load(x, p);
            DoubleVector y = p0.mul(v).add(u1);
            u1 = p1.mul(v).add(u2).sub(p3.mul(y));
            u2 = p2.mul(v).sub(p4.mul(y));
            v = round(y);
            y = q0.mul(v).add(v1);
            v1 = q1.mul(v).add(v2).sub(q3.mul(y));
            v2 = q2.mul(v).sub(q4.mul(y));
            store(y, x, p);
        }
        u1.intoArray(state, zu);
        u2.intoArray(state, zu + stride);
        v1.intoArray(state, zv);
        v2.intoArray(state, zv + stride);
    }

    private static void four(float[] x, int n, int stride, int l, double[] coef, double[] state) {
        DoubleVector p0 = c(coef, stride, l, 0, 0), p1 = c(coef, stride, l, 0, 1), p2 = c(coef, stride, l, 0, 2);
        DoubleVector p3 = c(coef, stride, l, 0, 3), p4 = c(coef, stride, l, 0, 4);
        DoubleVector q0 = c(coef, stride, l, 1, 0), q1 = c(coef, stride, l, 1, 1), q2 = c(coef, stride, l, 1, 2);
        DoubleVector q3 = c(coef, stride, l, 1, 3), q4 = c(coef, stride, l, 1, 4);
        DoubleVector r0 = c(coef, stride, l, 2, 0), r1 = c(coef, stride, l, 2, 1), r2 = c(coef, stride, l, 2, 2);
        DoubleVector r3 = c(coef, stride, l, 2, 3), r4 = c(coef, stride, l, 2, 4);
        DoubleVector s0 = c(coef, stride, l, 3, 0), s1 = c(coef, stride, l, 3, 1), s2 = c(coef, stride, l, 3, 2);
        DoubleVector s3 = c(coef, stride, l, 3, 3), s4 = c(coef, stride, l, 3, 4);
        int zu = l, zv = 2 * stride + l, zw = 4 * stride + l, zx = 6 * stride + l;
        DoubleVector u1 = DoubleVector.fromArray(D, state, zu), u2 = DoubleVector.fromArray(D, state, zu + stride);
        DoubleVector v1 = DoubleVector.fromArray(D, state, zv), v2 = DoubleVector.fromArray(D, state, zv + stride);
        DoubleVector w1 = DoubleVector.fromArray(D, state, zw), w2 = DoubleVector.fromArray(D, state, zw + stride);
        DoubleVector x1 = DoubleVector.fromArray(D, state, zx), x2 = DoubleVector.fromArray(D, state, zx + stride);
        for (int i = 0, p = l; i < n; i++, p += stride) {
            DoubleVector v = load(x, p);
            DoubleVector y = p0.mul(v).add(u1);
            u1 = p1.mul(v).add(u2).sub(p3.mul(y));
            u2 = p2.mul(v).sub(p4.mul(y));
            v = round(y);
            y = q0.mul(v).add(v1);
            v1 = q1.mul(v).add(v2).sub(q3.mul(y));
            v2 = q2.mul(v).sub(q4.mul(y));
            v = round(y);
            y = r0.mul(v).add(w1);
            w1 = r1.mul(v).add(w2).sub(r3.mul(y));
            w2 = r2.mul(v).sub(r4.mul(y));
            v = round(y);
            y = s0.mul(v).add(x1);
            x1 = s1.mul(v).add(x2).sub(s3.mul(y));
            x2 = s2.mul(v).sub(s4.mul(y));
            store(y, x, p);
        }
        u1.intoArray(state, zu);
        u2.intoArray(state, zu + stride);
        v1.intoArray(state, zv);
        v2.intoArray(state, zv + stride);
        w1.intoArray(state, zw);
        w2.intoArray(state, zw + stride);
        x1.intoArray(state, zx);
        x2.intoArray(state, zx + stride);
    }
}
