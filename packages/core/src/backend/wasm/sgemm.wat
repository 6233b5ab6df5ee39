;; Single-precision matrix product C (+)= A · B with f32x4 SIMD, on packed operands (see sgemm.ts).
;;
;; Ap: A packed in panels of 4 rows — panel i holds A[4i..4i+3, p] for p = 0..k-1, 4 floats per p.
;; Bp: B in panels of 8 columns — panel j starts at bp + j·panelStride and its row p (B[p, 8j..8j+7])
;;     lies ldb bytes after row p-1: packed panels (ldb 32, panelStride 32k) or B itself when its
;;     width is a multiple of 8 (ldb = 4n, panelStride 32).
;; C:  row-major with a row stride of ldc bytes.
;; One call covers row panels [blockStart, blockEnd) × column panels [panelStart, panelEnd) over
;; k in [k0, k0+kc); the caller chooses the ranges so the A panel stays in L1 and the B slice in L2.
;; The micro-kernel keeps a 4×8 tile of C in 8 f32x4 registers while streaming k.
(module
  (import "env" "memory" (memory 1 16384 shared))

  (func $sgemm (export "sgemm") (param $ap i32) (param $bp i32) (param $c i32) (param $k i32) (param $k0 i32) (param $kc i32)
                         (param $panelStart i32) (param $panelEnd i32) (param $blockStart i32) (param $blockEnd i32)
                         (param $ldc i32) (param $accumulate i32) (param $ldb i32) (param $panelStride i32)
    (local $i i32) (local $j i32) (local $p i32) (local $aptr i32) (local $bptr i32) (local $cptr i32)
    (local $b0 v128) (local $b1 v128) (local $x v128)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128) (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
    (local.set $i (local.get $blockStart))
    (block $rows_done
      (loop $rows
        (br_if $rows_done (i32.ge_u (local.get $i) (local.get $blockEnd)))
        (local.set $j (local.get $panelStart))
        (block $panels_done
          (loop $panel
            (br_if $panels_done (i32.ge_u (local.get $j) (local.get $panelEnd)))
            (local.set $cptr (i32.add (i32.add (local.get $c) (i32.mul (i32.mul (local.get $i) (i32.const 4)) (local.get $ldc))) (i32.shl (local.get $j) (i32.const 5))))
            (if (local.get $accumulate)
              (then
                (local.set $c00 (v128.load (i32.add (local.get $cptr) (i32.mul (local.get $ldc) (i32.const 0)))))
                (local.set $c01 (v128.load offset=16 (i32.add (local.get $cptr) (i32.mul (local.get $ldc) (i32.const 0)))))
                (local.set $c10 (v128.load (i32.add (local.get $cptr) (i32.mul (local.get $ldc) (i32.const 1)))))
                (local.set $c11 (v128.load offset=16 (i32.add (local.get $cptr) (i32.mul (local.get $ldc) (i32.const 1)))))
                (local.set $c20 (v128.load (i32.add (local.get $cptr) (i32.mul (local.get $ldc) (i32.const 2)))))
                (local.set $c21 (v128.load offset=16 (i32.add (local.get $cptr) (i32.mul (local.get $ldc) (i32.const 2)))))
                (local.set $c30 (v128.load (i32.add (local.get $cptr) (i32.mul (local.get $ldc) (i32.const 3)))))
                (local.set $c31 (v128.load offset=16 (i32.add (local.get $cptr) (i32.mul (local.get $ldc) (i32.const 3)))))
              )
              (else
                (local.set $c00 (v128.const i32x4 0 0 0 0))
                (local.set $c01 (v128.const i32x4 0 0 0 0))
                (local.set $c10 (v128.const i32x4 0 0 0 0))
                (local.set $c11 (v128.const i32x4 0 0 0 0))
                (local.set $c20 (v128.const i32x4 0 0 0 0))
                (local.set $c21 (v128.const i32x4 0 0 0 0))
                (local.set $c30 (v128.const i32x4 0 0 0 0))
                (local.set $c31 (v128.const i32x4 0 0 0 0))
              ))
            (local.set $aptr (i32.add (local.get $ap) (i32.mul (i32.add (i32.mul (local.get $i) (local.get $k)) (local.get $k0)) (i32.const 16))))
            (local.set $bptr (i32.add (local.get $bp) (i32.add (i32.mul (local.get $j) (local.get $panelStride)) (i32.mul (local.get $k0) (local.get $ldb)))))
            (local.set $p (local.get $kc))
            (block $k_done
              (loop $kloop
                (br_if $k_done (i32.eqz (local.get $p)))
                (local.set $b0 (v128.load (local.get $bptr)))
                (local.set $b1 (v128.load offset=16 (local.get $bptr)))
                (local.set $x (f32x4.splat (f32.load offset=0 (local.get $aptr))))
                (local.set $c00 (f32x4.add (local.get $c00) (f32x4.mul (local.get $x) (local.get $b0))))
                (local.set $c01 (f32x4.add (local.get $c01) (f32x4.mul (local.get $x) (local.get $b1))))
                (local.set $x (f32x4.splat (f32.load offset=4 (local.get $aptr))))
                (local.set $c10 (f32x4.add (local.get $c10) (f32x4.mul (local.get $x) (local.get $b0))))
                (local.set $c11 (f32x4.add (local.get $c11) (f32x4.mul (local.get $x) (local.get $b1))))
                (local.set $x (f32x4.splat (f32.load offset=8 (local.get $aptr))))
                (local.set $c20 (f32x4.add (local.get $c20) (f32x4.mul (local.get $x) (local.get $b0))))
                (local.set $c21 (f32x4.add (local.get $c21) (f32x4.mul (local.get $x) (local.get $b1))))
                (local.set $x (f32x4.splat (f32.load offset=12 (local.get $aptr))))
                (local.set $c30 (f32x4.add (local.get $c30) (f32x4.mul (local.get $x) (local.get $b0))))
                (local.set $c31 (f32x4.add (local.get $c31) (f32x4.mul (local.get $x) (local.get $b1))))
                (local.set $aptr (i32.add (local.get $aptr) (i32.const 16)))
                (local.set $bptr (i32.add (local.get $bptr) (local.get $ldb)))
                (local.set $p (i32.sub (local.get $p) (i32.const 1)))
                (br $kloop)))
            (v128.store (local.get $cptr) (local.get $c00))
            (v128.store offset=16 (local.get $cptr) (local.get $c01))
            (local.set $cptr (i32.add (local.get $cptr) (local.get $ldc)))
            (v128.store (local.get $cptr) (local.get $c10))
            (v128.store offset=16 (local.get $cptr) (local.get $c11))
            (local.set $cptr (i32.add (local.get $cptr) (local.get $ldc)))
            (v128.store (local.get $cptr) (local.get $c20))
            (v128.store offset=16 (local.get $cptr) (local.get $c21))
            (local.set $cptr (i32.add (local.get $cptr) (local.get $ldc)))
            (v128.store (local.get $cptr) (local.get $c30))
            (v128.store offset=16 (local.get $cptr) (local.get $c31))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $panel)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows)))
  )

  ;; The whole product for row panels [blockStart, blockEnd): k in slices of 256 and column panels
  ;; in groups of 8, so a 4×256 A slice stays in L1 and a 256×64 B slice in L2. Each thread of a
  ;; split product calls this on its own row range.
  (func (export "sgemmBlocked") (param $ap i32) (param $bp i32) (param $c i32) (param $k i32) (param $panels i32)
                                (param $blockStart i32) (param $blockEnd i32) (param $ldc i32) (param $ldb i32) (param $panelStride i32)
    (local $k0 i32) (local $kc i32) (local $p0 i32) (local $p1 i32)
    (local.set $k0 (i32.const 0))
    (loop $kslices
      (local.set $kc (select (i32.sub (local.get $k) (local.get $k0)) (i32.const 256)
                             (i32.lt_u (i32.sub (local.get $k) (local.get $k0)) (i32.const 256))))
      (local.set $p0 (i32.const 0))
      (block $groups_done
        (loop $groups
          (br_if $groups_done (i32.ge_u (local.get $p0) (local.get $panels)))
          (local.set $p1 (select (local.get $panels) (i32.add (local.get $p0) (i32.const 8))
                                 (i32.lt_u (local.get $panels) (i32.add (local.get $p0) (i32.const 8)))))
          (call $sgemm (local.get $ap) (local.get $bp) (local.get $c) (local.get $k) (local.get $k0) (local.get $kc)
                       (local.get $p0) (local.get $p1) (local.get $blockStart) (local.get $blockEnd) (local.get $ldc)
                       (i32.gt_u (local.get $k0) (i32.const 0)) (local.get $ldb) (local.get $panelStride))
          (local.set $p0 (local.get $p1))
          (br $groups)))
      (local.set $k0 (i32.add (local.get $k0) (i32.const 256)))
      (br_if $kslices (i32.lt_u (local.get $k0) (local.get $k))))
  )

  ;; Packs A (m×k row-major, or k×m when transposed: A = srcᵀ) into panels of 4 rows, zero rows
  ;; past m — the layout the micro-kernel streams. Done here rather than in JavaScript, where
  ;; the element loop costs as much as a small product.
  (func (export "packA") (param $src i32) (param $dst i32) (param $m i32) (param $k i32) (param $trans i32)
    (local $blk i32) (local $blocks i32) (local $p i32) (local $r i32) (local $row i32) (local $d i32)
    (local.set $blocks (i32.shr_u (i32.add (local.get $m) (i32.const 3)) (i32.const 2)))
    (local.set $d (local.get $dst))
    (local.set $blk (i32.const 0))
    (block $done
      (loop $blocks_loop
        (br_if $done (i32.ge_u (local.get $blk) (local.get $blocks)))
        (local.set $p (i32.const 0))
        (block $p_done
          (loop $p_loop
            (br_if $p_done (i32.ge_u (local.get $p) (local.get $k)))
            (local.set $r (i32.const 0))
            (loop $r_loop
              (local.set $row (i32.add (i32.shl (local.get $blk) (i32.const 2)) (local.get $r)))
              (f32.store (local.get $d)
                (if (result f32) (i32.lt_u (local.get $row) (local.get $m))
                  (then (f32.load (i32.add (local.get $src) (i32.shl
                    (if (result i32) (local.get $trans)
                      (then (i32.add (i32.mul (local.get $p) (local.get $m)) (local.get $row)))
                      (else (i32.add (i32.mul (local.get $row) (local.get $k)) (local.get $p))))
                    (i32.const 2)))))
                  (else (f32.const 0))))
              (local.set $d (i32.add (local.get $d) (i32.const 4)))
              (local.set $r (i32.add (local.get $r) (i32.const 1)))
              (br_if $r_loop (i32.lt_u (local.get $r) (i32.const 4))))
            (local.set $p (i32.add (local.get $p) (i32.const 1)))
            (br $p_loop)))
        (local.set $blk (i32.add (local.get $blk) (i32.const 1)))
        (br $blocks_loop)))
  )

  ;; Packs B (k×n row-major, or n×k when transposed: B = srcᵀ) into panels of 8 columns, zero
  ;; columns past n: panel j, row p holds B[p, 8j..8j+7].
  (func (export "packB") (param $src i32) (param $dst i32) (param $k i32) (param $n i32) (param $trans i32)
    (local $j i32) (local $panels i32) (local $p i32) (local $jj i32) (local $col i32) (local $d i32)
    (local.set $panels (i32.shr_u (i32.add (local.get $n) (i32.const 7)) (i32.const 3)))
    (local.set $d (local.get $dst))
    (local.set $j (i32.const 0))
    (block $done
      (loop $panel_loop
        (br_if $done (i32.ge_u (local.get $j) (local.get $panels)))
        (local.set $p (i32.const 0))
        (block $p_done
          (loop $p_loop
            (br_if $p_done (i32.ge_u (local.get $p) (local.get $k)))
            (if (i32.and (i32.eqz (local.get $trans)) (i32.le_u (i32.shl (i32.add (local.get $j) (i32.const 1)) (i32.const 3)) (local.get $n)))
              (then
                ;; a full row segment of 8 contiguous floats: two vector copies
                (local.set $col (i32.add (local.get $src) (i32.shl (i32.add (i32.mul (local.get $p) (local.get $n)) (i32.shl (local.get $j) (i32.const 3))) (i32.const 2))))
                (v128.store (local.get $d) (v128.load (local.get $col)))
                (v128.store offset=16 (local.get $d) (v128.load offset=16 (local.get $col))))
              (else
                (local.set $jj (i32.const 0))
                (loop $jj_loop
                  (local.set $col (i32.add (i32.shl (local.get $j) (i32.const 3)) (local.get $jj)))
                  (f32.store (i32.add (local.get $d) (i32.shl (local.get $jj) (i32.const 2)))
                    (if (result f32) (i32.lt_u (local.get $col) (local.get $n))
                      (then (f32.load (i32.add (local.get $src) (i32.shl
                        (if (result i32) (local.get $trans)
                          (then (i32.add (i32.mul (local.get $col) (local.get $k)) (local.get $p)))
                          (else (i32.add (i32.mul (local.get $p) (local.get $n)) (local.get $col))))
                        (i32.const 2)))))
                      (else (f32.const 0))))
                  (local.set $jj (i32.add (local.get $jj) (i32.const 1)))
                  (br_if $jj_loop (i32.lt_u (local.get $jj) (i32.const 8))))))
            (local.set $d (i32.add (local.get $d) (i32.const 32)))
            (local.set $p (i32.add (local.get $p) (i32.const 1)))
            (br $p_loop)))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $panel_loop)))
  )
)

