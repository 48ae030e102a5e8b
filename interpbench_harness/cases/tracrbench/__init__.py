"""TracrBench's programs (arXiv 2409.13714): which case stands for each, and the settings they share.

TracrBench's repository (HannesThurnherr/automated_generation_of_interpretability_testbeds)
ships 118 compiled programs under `dataset/make_<name>/`: the 101 tasks of its LLM evaluation
and 17 of the example programs in its prompt. (The paper counts 121; the prompt's further
examples, such as make_frac_prevs or make_rolling_max, are not in the dataset.) All 118 take
up to 10 tokens plus BOS, 115 of them over the digits 0-9, with bidirectional attention and a
categorical output.

Each program is covered by exactly one case:
- InterpBench took 93 of them under the same `make_*` name (cases 40-131 except 90, plus 8 and
  14), with its own vocabularies and lengths;
- 5 compute the same function on the same vocabulary as a case already here (`DUPLICATES`),
  so they add no case;
- the other 20 are cases here, one file each (`case_tb_<name>.py`, id `tb-<name>`).

Facts were read from the dataset's compiled models and encoders (vocabulary, lengths, attention,
output space, layer layout, residual width), its task log (what each task asks) and its prompt
(the example programs); every program here is written by us.
"""

from typing import Dict, Tuple

# Counting BOS, as InterpBench's versions of TracrBench's programs: TracrBench itself takes 10
# tokens plus BOS, compiled with MLP exactness 1000, but with tracr's default of 100 (InterpBench's,
# and ours) a selector width cannot tell 10 from 9, so lengths and counts would be wrong at 10.
# Three cases take one token fewer still (tb-check-palindrome, tb-rescale, tb-swap-min-max).
MAX_SEQ_LEN = 10

IN_INTERPBENCH: Dict[str, str] = {  # TracrBench program -> the InterpBench case of the same name
    "make_identity": "8", "make_count": "14", "make_sum_digits": "40", "make_absolute": "41",
    "make_first_element": "42", "make_nth_fibonacci": "43", "make_count_greater_than": "44",
    "make_double_first_half": "45", "make_decrement": "46", "make_count_frequency": "47",
    "make_increment_by_index": "48", "make_decrement_to_multiple_of_three": "49",
    "make_hyperbolic_cosine": "50", "make_check_fibonacci": "51", "make_square_root": "52",
    "make_increment_odd_indices": "53", "make_hyperbolic_tangent": "54", "make_hyperbolic_sine": "55",
    "make_zero_every_third": "56", "make_element_second": "57", "make_mirror_first_half": "58",
    "make_sorting": "59", "make_increment": "60", "make_rank": "61", "make_factorial": "62",
    "make_count_less_than": "63", "make_cube_each_element": "64", "make_cube_root": "65",
    "make_round": "66", "make_multiply_by_length": "67", "make_increment_to_multiple_of_three": "68",
    "make_sign": "69", "make_cosine": "70", "make_divide_by_length": "71", "make_negation": "72",
    "make_sine": "73", "make_interleave_reverse": "74", "make_element_double": "75",
    "make_zero_even_indices": "76", "make_tangent": "77", "make_count_occurrences": "78",
    "make_check_prime": "79", "make_element_subtract_constant": "80", "make_compute_median": "81",
    "make_halve_second_half": "82", "make_triple": "83", "make_arctangent": "84",
    "make_square_each_element": "85", "make_check_power_of_n": "86", "make_binarize": "87",
    "make_average_first_last": "88", "make_check_increasing": "89", "make_apply_threshold": "91",
    "make_zero_if_less_than_previous": "92", "make_swap_odd_index": "93",
    "make_check_descending": "94", "make_count_prime_factors": "95", "make_remove_duplicates": "96",
    "make_scale_by_max": "97", "make_max_element": "98", "make_sum_with_next": "99",
    "make_swap_elements": "100", "make_check_square": "101", "make_reflect": "102",
    "make_swap_consecutive": "103", "make_exponential": "104", "make_next_prime": "105",
    "make_mask_sequence": "106", "make_wrap": "107", "make_test_at_least_two_equal": "108",
    "make_check_last_two_equal": "109", "make_insert_zeros": "110", "make_last_element": "111",
    "make_difference_to_next": "112", "make_invert_if_sorted": "113", "make_logarithm": "114",
    "make_product_with_next": "115", "make_check_multiple_of_first": "116",
    "make_sum_of_last_two": "117", "make_pairwise_sum": "118", "make_polynomial": "119",
    "make_flip_halves": "120", "make_arcsine": "121", "make_check_divisibility": "122",
    "make_arccosine": "123", "make_check_all_equal": "124", "make_check_alternating": "125",
    "make_set_to_median": "126", "make_element_divide": "127", "make_swap_first_last": "128",
    "make_check_multiple_of_n": "129", "make_clip": "130", "make_pairwise_max": "131",
}

# TracrBench program -> (the case that already computes its function on its vocabulary, why).
# Functions are compared in TracrBench's own settings (InterpBench changed the vocabularies of the
# programs it took): TracrBench's compiled models give the same outputs on the same inputs, except
# make_sort's, which was built so that it does not do its task.
DUPLICATES: Dict[str, Tuple[str, str]] = {
    "make_hist": ("47", "each token's count in the input, as TracrBench's make_count_frequency "
                        "(case 47) and make_count_occurrences (case 78)"),
    "make_histogram": ("47", "the same count again"),
    "make_replace_small_tokens": ("91", "zeroes the tokens below 3, as TracrBench's make_apply_threshold"),
    "make_rescale_by_max": ("97", "divides by the largest token, as TracrBench's make_scale_by_max "
                                  "(one more MLP, the same values)"),
    "make_sort": ("9", "tracr's make_sort over the same digits; TracrBench built it with min_key=0, "
                       "so its compiled model lets repeated digits collide as make_sort_unique does"),
}


def case_id_of(program_name: str) -> str:
    """`make_check_palindrome` -> `tb-check-palindrome`, the id of a program that is a case here."""
    return "tb-" + program_name[len("make_"):].replace("_", "-")


def program_name_of(case_id: str) -> str:
    """The inverse of `case_id_of`."""
    return "make_" + case_id[len("tb-"):].replace("-", "_")
