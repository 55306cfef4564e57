"""Tolerance for comparing Spearman correlations computed by w2v and by gensim."""


def spearman_tolerance(pairs):
    """Largest Spearman difference accepted between w2v and gensim over `pairs` word pairs.

    w2v and gensim compute cosines in a different order and precision, so two pairs whose
    cosines tie to within rounding can rank the other way round. Swapping two adjacent ranks
    changes the sum of squared rank differences by at most 2 * pairs, which moves
    rho = 1 - 6 sum d^2 / (n (n^2 - 1)) by at most 12 / (n^2 - 1): 1.4e-5 for 931 pairs.
    A wrong pair set or wrong handling of tied scores moves it far more. The tolerance is
    never below 1e-6.
    """
    return max(1e-6, 12 / (pairs * pairs - 1))
