#!/usr/bin/env bash
# Trains the vocabularies of Vocab/ with this project's own `tok train` (see Vocab/README.md).
#
#   swift build -c release --product tok
#   Vocab/train.sh [SHARED_DIR]        (default: ../shared beside the repository)
#
# The corpus: 40 Project Gutenberg texts (public domain in the US; origins in shared/corpus/MANIFEST.md), every
# second file in name order of shared/corpus/english, 20,789,621 bytes. Training is deterministic: the same
# corpus gives the same bytes.
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${1:-../shared}
tok=${TOK:-.build/release/tok}
files=(
  gutenberg_a_counter-blaste_to_tobacco.txt
  gutenberg_a_treatise_of_incurable_diseases.txt
  gutenberg_aesop_fables.txt
  gutenberg_alice_in_wonderland.txt
  gutenberg_ancient_greek_legends.txt
  gutenberg_beowulf.txt
  gutenberg_bleak_house.txt
  gutenberg_brothers_karamazov.txt
  gutenberg_creative_unity.txt
  gutenberg_discourse_method.txt
  gutenberg_dream_psychology.txt
  gutenberg_emma.txt
  gutenberg_ethics_in_service.txt
  gutenberg_frederick_douglass.txt
  gutenberg_great_expectations.txt
  gutenberg_gullivers_travels.txt
  gutenberg_heart_darkness.txt
  gutenberg_i_and_my_chimney.txt
  gutenberg_inaugural_presidential_address_obama.txt
  gutenberg_jane_eyre.txt
  gutenberg_leviathan.txt
  gutenberg_malcolm.txt
  gutenberg_medieval_legends.txt
  gutenberg_notes_on_nursing.txt
  gutenberg_old_jack.txt
  gutenberg_optimism_an_essay.txt
  gutenberg_paradise_lost.txt
  gutenberg_peter_pan.txt
  gutenberg_poems_dickenson.txt
  gutenberg_pride_and_prejudice.txt
  gutenberg_return_sherlock_holmes.txt
  gutenberg_room_view.txt
  gutenberg_second_treatise_of_government.txt
  gutenberg_sense_and_sensibility.txt
  gutenberg_siddhartha.txt
  gutenberg_sketch_book_crayon.txt
  gutenberg_state_of_the_union_addresses_lincoln.txt
  gutenberg_tale_two_cities.txt
  gutenberg_tarzan_apes.txt
  gutenberg_the_antiquary.txt)
inputs=()
for name in "${files[@]}"; do inputs+=("$shared/corpus/english/$name"); done

# The built-in default: GPT-2-style byte-level BPE, 32,000 tokens, <|endoftext|> as id 0.
"$tok" train --preset gpt2 --vocab-size 32000 --min-frequency 2 --special-tokens '<|endoftext|>' \
    -o Sources/TokenizerKit/Resources/tokenizerkit-default.json "${inputs[@]}"
# BERT-style WordPiece (uncased: BertNormalizer lowercases and strips accents), 16,000 tokens.
"$tok" train --preset bert --vocab-size 16000 --min-frequency 2 \
    -o Vocab/tokenizerkit-wordpiece.json "${inputs[@]}"
# SentencePiece-style Unigram (NFKC, Metaspace), 16,000 pieces.
"$tok" train --preset sentencepiece-unigram --vocab-size 16000 \
    -o Vocab/tokenizerkit-unigram.json "${inputs[@]}"
