;; Fused optimizer updates in f32x4 SIMD over the optimizer arena (see optimArena.ts): every array
;; is 16-byte aligned and padded to a multiple of 4 floats, so the loops run whole vectors.
;; Arithmetic is float32 per operation, as the tensor-op reference rounds after every op.
(module
  (import "env" "memory" (memory 1 16384 shared))

  ;; Adam / AdamW. flags: bit 0 amsgrad (vm is used), bit 1 maximize.
  ;; decay = 1 − lr·λ for AdamW (1 otherwise), l2 = λ for Adam's L2 (0 otherwise),
  ;; w1 = 1 − β1, b2 = β2, omb2 = 1 − β2, bc2 = sqrt(1 − β2ᵗ), stepSize = lr / (1 − β1ᵗ).
  (func (export "adam") (param $p i32) (param $g i32) (param $m i32) (param $v i32) (param $vm i32) (param $n i32)
                        (param $flags i32) (param $decay f32) (param $l2 f32) (param $w1 f32) (param $b2 f32)
                        (param $omb2 f32) (param $bc2 f32) (param $eps f32) (param $stepSize f32)
    (local $i i32) (local $end i32)
    (local $vdecay v128) (local $vl2 v128) (local $vw1 v128) (local $vb2 v128) (local $vomb2 v128)
    (local $vbc2 v128) (local $veps v128) (local $vstep v128)
    (local $pp v128) (local $gg v128) (local $mm v128) (local $vv v128)
    (local.set $vdecay (f32x4.splat (local.get $decay)))
    (local.set $vl2 (f32x4.splat (local.get $l2)))
    (local.set $vw1 (f32x4.splat (local.get $w1)))
    (local.set $vb2 (f32x4.splat (local.get $b2)))
    (local.set $vomb2 (f32x4.splat (local.get $omb2)))
    (local.set $vbc2 (f32x4.splat (local.get $bc2)))
    (local.set $veps (f32x4.splat (local.get $eps)))
    (local.set $vstep (f32x4.splat (local.get $stepSize)))
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (local.set $i (i32.const 0))
    (block $done
      (loop $loop
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $pp (f32x4.mul (v128.load (i32.add (local.get $p) (local.get $i))) (local.get $vdecay)))
        (local.set $gg (v128.load (i32.add (local.get $g) (local.get $i))))
        (if (i32.and (local.get $flags) (i32.const 2)) (then (local.set $gg (f32x4.neg (local.get $gg)))))
        (local.set $gg (f32x4.add (local.get $gg) (f32x4.mul (local.get $vl2) (local.get $pp))))
        ;; m ← m + (1 − β1)(g − m)
        (local.set $mm (v128.load (i32.add (local.get $m) (local.get $i))))
        (local.set $mm (f32x4.add (local.get $mm) (f32x4.mul (local.get $vw1) (f32x4.sub (local.get $gg) (local.get $mm)))))
        (v128.store (i32.add (local.get $m) (local.get $i)) (local.get $mm))
        ;; v ← β2·v + (1 − β2)·g²
        (local.set $vv (f32x4.add
          (f32x4.mul (v128.load (i32.add (local.get $v) (local.get $i))) (local.get $vb2))
          (f32x4.mul (local.get $vomb2) (f32x4.mul (local.get $gg) (local.get $gg)))))
        (v128.store (i32.add (local.get $v) (local.get $i)) (local.get $vv))
        (if (i32.and (local.get $flags) (i32.const 1))
          (then
            (local.set $vv (f32x4.max (v128.load (i32.add (local.get $vm) (local.get $i))) (local.get $vv)))
            (v128.store (i32.add (local.get $vm) (local.get $i)) (local.get $vv))))
        ;; p ← p − stepSize · m / (sqrt(v)/bc2 + eps)
        (v128.store (i32.add (local.get $p) (local.get $i))
          (f32x4.sub (local.get $pp)
            (f32x4.mul (local.get $vstep)
              (f32x4.div (local.get $mm)
                (f32x4.add (f32x4.div (f32x4.sqrt (local.get $vv)) (local.get $vbc2)) (local.get $veps))))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $loop)))
  )

  ;; SGD with momentum. flags: bit 0 momentum (b is used), bit 1 first step (b ← g),
  ;; bit 2 nesterov, bit 3 maximize. damp = 1 − dampening.
  (func (export "sgd") (param $p i32) (param $g i32) (param $b i32) (param $n i32) (param $flags i32)
                       (param $lr f32) (param $mom f32) (param $damp f32) (param $wd f32)
    (local $i i32) (local $end i32) (local $vlr v128) (local $vmom v128) (local $vdamp v128) (local $vwd v128)
    (local $pp v128) (local $gg v128) (local $bb v128)
    (local.set $vlr (f32x4.splat (local.get $lr)))
    (local.set $vmom (f32x4.splat (local.get $mom)))
    (local.set $vdamp (f32x4.splat (local.get $damp)))
    (local.set $vwd (f32x4.splat (local.get $wd)))
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (local.set $i (i32.const 0))
    (block $done
      (loop $loop
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $pp (v128.load (i32.add (local.get $p) (local.get $i))))
        (local.set $gg (v128.load (i32.add (local.get $g) (local.get $i))))
        (if (i32.and (local.get $flags) (i32.const 8)) (then (local.set $gg (f32x4.neg (local.get $gg)))))
        (local.set $gg (f32x4.add (local.get $gg) (f32x4.mul (local.get $vwd) (local.get $pp))))
        (if (i32.and (local.get $flags) (i32.const 1))
          (then
            (if (i32.and (local.get $flags) (i32.const 2))
              (then (local.set $bb (local.get $gg)))
              (else (local.set $bb (f32x4.add
                (f32x4.mul (v128.load (i32.add (local.get $b) (local.get $i))) (local.get $vmom))
                (f32x4.mul (local.get $vdamp) (local.get $gg))))))
            (v128.store (i32.add (local.get $b) (local.get $i)) (local.get $bb))
            (if (i32.and (local.get $flags) (i32.const 4))
              (then (local.set $gg (f32x4.add (local.get $gg) (f32x4.mul (local.get $vmom) (local.get $bb)))))
              (else (local.set $gg (local.get $bb))))))
        (v128.store (i32.add (local.get $p) (local.get $i)) (f32x4.sub (local.get $pp) (f32x4.mul (local.get $vlr) (local.get $gg))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $loop)))
  )

  ;; x + w·y with the product and the sum in double, rounded once to float32 — what the reference's
  ;; add_(y, alpha) does — for four lanes (two f64x2 halves).
  (func $axpyRoundOnce (param $x v128) (param $w f64) (param $y v128) (result v128)
    (local $vw v128)
    (local.set $vw (f64x2.splat (local.get $w)))
    (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
      (f32x4.demote_f64x2_zero (f64x2.add (f64x2.promote_low_f32x4 (local.get $x))
        (f64x2.mul (local.get $vw) (f64x2.promote_low_f32x4 (local.get $y)))))
      (f32x4.demote_f64x2_zero (f64x2.add (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $x) (local.get $x)))
        (f64x2.mul (local.get $vw) (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $y) (local.get $y))))))))

  ;; Lion (Chen et al.), rounding exactly as its tensor-op reference: sign() turns a one-ulp
  ;; difference into a full ±lr step, so the update must be bit-identical. flags: bit 0 maximize.
  ;; decay = 1 − lr·λ, b1/b2 the betas, omb1/omb2 = 1 − beta (float32, widened), nlr = −lr.
  (func (export "lion") (param $p i32) (param $g i32) (param $m i32) (param $n i32) (param $flags i32)
                        (param $decay f32) (param $b1 f32) (param $omb1 f64) (param $b2 f32) (param $omb2 f64) (param $nlr f32)
    (local $i i32) (local $end i32) (local $pp v128) (local $gg v128) (local $mm v128) (local $u v128) (local $sgn v128)
    (local $vdecay v128) (local $vb1 v128) (local $vb2 v128) (local $vnlr v128)
    (local.set $vdecay (f32x4.splat (local.get $decay)))
    (local.set $vb1 (f32x4.splat (local.get $b1)))
    (local.set $vb2 (f32x4.splat (local.get $b2)))
    (local.set $vnlr (f32x4.splat (local.get $nlr)))
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (local.set $i (i32.const 0))
    (block $done
      (loop $loop
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $gg (v128.load (i32.add (local.get $g) (local.get $i))))
        (if (i32.and (local.get $flags) (i32.const 1)) (then (local.set $gg (f32x4.neg (local.get $gg)))))
        (local.set $pp (f32x4.mul (v128.load (i32.add (local.get $p) (local.get $i))) (local.get $vdecay)))
        (local.set $mm (v128.load (i32.add (local.get $m) (local.get $i))))
        ;; u = β1·m + (1 − β1)·g ; p ← p − lr·sign(u)
        (local.set $u (call $axpyRoundOnce (f32x4.mul (local.get $mm) (local.get $vb1)) (local.get $omb1) (local.get $gg)))
        (local.set $sgn (v128.or
          (v128.and (f32x4.gt (local.get $u) (f32x4.splat (f32.const 0))) (f32x4.splat (f32.const 1)))
          (v128.and (f32x4.lt (local.get $u) (f32x4.splat (f32.const 0))) (f32x4.splat (f32.const -1)))))
        ;; sign(±0) = ±0 and sign(NaN) = NaN, as the reference's sign_()
        (local.set $sgn (v128.bitselect (local.get $sgn) (local.get $u)
          (v128.or (f32x4.gt (local.get $u) (f32x4.splat (f32.const 0))) (f32x4.lt (local.get $u) (f32x4.splat (f32.const 0))))))
        (v128.store (i32.add (local.get $p) (local.get $i)) (f32x4.add (local.get $pp) (f32x4.mul (local.get $vnlr) (local.get $sgn))))
        ;; m ← β2·m + (1 − β2)·g
        (v128.store (i32.add (local.get $m) (local.get $i))
          (call $axpyRoundOnce (f32x4.mul (local.get $mm) (local.get $vb2)) (local.get $omb2) (local.get $gg)))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $loop)))
  )
)

